//! Component tests in a real browser (headless Chromium through
//! `wasm-bindgen-test-runner`): the app shell mounted into the page.
#![cfg(target_arch = "wasm32")]

mod support;

use engagement_planner::NAV;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn navigation_is_a_labelled_landmark_of_links() {
    let app = mount_app("/programs");
    let navs = all(&app.root, "nav");
    assert_eq!(navs.len(), 1, "one navigation landmark");
    let nav = &navs[0];
    assert_eq!(accessible_name(nav), "Main");

    let links = all(nav, "a[href]");
    let names: Vec<String> = links.iter().map(accessible_name).collect();
    let expected: Vec<&str> = NAV.iter().map(|(_, label)| *label).collect();
    assert_eq!(names, expected);
    let hrefs: Vec<String> = links
        .iter()
        .map(|a| a.get_attribute("href").unwrap())
        .collect();
    let expected: Vec<&str> = NAV.iter().map(|(href, _)| *href).collect();
    assert_eq!(hrefs, expected);

    // The router marks the current page, and only it.
    let current: Vec<String> = all(nav, "a[aria-current=page]")
        .iter()
        .map(accessible_name)
        .collect();
    assert_eq!(current, ["Programs"]);
    assert_eq!(page_heading(&app.root).await, "Programs");
}

#[wasm_bindgen_test]
async fn root_redirects_to_programs() {
    let app = mount_app("/");
    assert_eq!(page_heading(&app.root).await, "Programs");
    let path = wait_for("the address to change", || {
        let path = web_sys::window().unwrap().location().pathname().unwrap();
        (path == "/programs").then_some(path)
    })
    .await;
    assert_eq!(path, "/programs");
}

#[wasm_bindgen_test]
async fn programs_page_shows_the_empty_state_with_a_create_button() {
    let app = mount_app("/programs");
    assert_eq!(page_heading(&app.root).await, "Programs");
    let h2s: Vec<String> = all(&app.root, "h2").iter().map(accessible_name).collect();
    assert_eq!(h2s, ["No programs yet — create one"]);
    let buttons = all(&app.root, "main button");
    assert_eq!(buttons.len(), 1);
    assert_eq!(accessible_name(&buttons[0]), "Create program");
    assert_eq!(buttons[0].get_attribute("type").as_deref(), Some("button"));
    assert!(all(&app.root, "ul[aria-label='Engagement programs']").is_empty());
}

#[wasm_bindgen_test]
async fn create_program_replaces_the_empty_state_with_the_list() {
    let app = mount_app("/programs");
    page_heading(&app.root).await;
    let button: HtmlElement = all(&app.root, "main button").remove(0).unchecked_into();
    button.click();

    let items = wait_for("the program list", || {
        let items = all(&app.root, "ul[aria-label='Engagement programs'] > li");
        (!items.is_empty() && !all(&items[0], "a[href]").is_empty()).then_some(items)
    })
    .await;
    assert_eq!(items.len(), 1);
    // The row: its name links to the editor, then status, counts and the
    // next cast, then its controls.
    let link = all(&items[0], "a[href]").remove(0);
    assert_eq!(accessible_name(&link), "Program 1");
    assert!(link.get_attribute("href").unwrap().starts_with("/programs/"));
    let badges: Vec<String> = all(&items[0], ".badge").iter().map(accessible_name).collect();
    assert_eq!(badges, ["Inactive"]);
    let facts: Vec<String> = all(&items[0], ".item-list__meta").iter().map(accessible_name).collect();
    assert_eq!(facts, ["1 stream", "0 members", "Inactive: no casts"]);
    let switch = all(&items[0], "button[role=switch]").remove(0);
    assert_eq!(accessible_name(&switch), "Active: Program 1");
    assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
    let menu = all(&items[0], "button[aria-haspopup=menu]").remove(0);
    assert_eq!(accessible_name(&menu), "Actions for Program 1");
    assert!(all(&app.root, "h2").is_empty(), "the empty state is gone");
    // The create action moved to the page header.
    let buttons: Vec<String> = all(&app.root, "main header button")
        .iter()
        .map(accessible_name)
        .collect();
    assert_eq!(buttons, ["Create program"]);
}

#[wasm_bindgen_test]
async fn every_navigation_link_opens_its_page() {
    let app = mount_app("/programs");
    page_heading(&app.root).await;
    for (href, label) in NAV {
        let link: HtmlElement = all(&app.root, &format!("nav a[href='{href}']"))
            .remove(0)
            .unchecked_into();
        link.click();
        wait_for(label, || {
            let h1s = all(&app.root, "h1");
            (h1s.len() == 1 && accessible_name(&h1s[0]) == label).then_some(())
        })
        .await;
        assert_eq!(
            web_sys::window().unwrap().location().pathname().unwrap(),
            href
        );
        assert_eq!(
            link.get_attribute("aria-current").as_deref(),
            Some("page"),
            "{label} is current"
        );
    }
}

#[wasm_bindgen_test]
async fn each_page_shows_its_empty_state() {
    let cases = [
        ("/calendar", "Calendar", "No casts scheduled"),
        ("/audience", "Audience", "No people yet"),
        ("/simulation", "Simulation", "Nothing to simulate yet"),
    ];
    for (path, heading, empty) in cases {
        let app = mount_app(path);
        assert_eq!(page_heading(&app.root).await, heading);
        let h2s: Vec<String> = all(&app.root, "h2").iter().map(accessible_name).collect();
        assert_eq!(h2s, [empty], "{path}");
    }
}

#[wasm_bindgen_test]
async fn settings_show_the_workspace_defaults() {
    let app = mount_app("/settings");
    assert_eq!(page_heading(&app.root).await, "Settings");
    let section = all(&app.root, "section").remove(0);
    assert_eq!(accessible_name(&section), "Workspace");
    let value_of = |label: &str| {
        let l = all(&section, "label[for]").into_iter().find(|l| text(l) == label).unwrap();
        let el = section.query_selector(&format!("#{}", l.get_attribute("for").unwrap())).unwrap().unwrap();
        js_sys::Reflect::get(&el, &"value".into()).unwrap().as_string().unwrap()
    };
    assert_eq!(value_of("Workspace name"), "My workspace");
    assert_eq!(value_of("Time zone"), "UTC");
    let checked: Vec<String> = all(&section, "label.radio")
        .into_iter()
        .filter(|l| {
            l.query_selector("input:checked").unwrap().is_some()
        })
        .map(|l| text(&l))
        .collect();
    assert_eq!(checked, ["Sunday"]);
    let today = all(&section, "dd").first().map(text).unwrap();
    assert_eq!(today.len(), "YYYY-MM-DD".len(), "{today}");
    let limits = all(&app.root, "section").remove(1);
    assert_eq!(accessible_name(&limits), "Communication limits");
    assert!(all(&limits, "input[type=text]").iter().all(|i| js_sys::Reflect::get(i, &"value".into()).unwrap().as_string().unwrap().is_empty()));
}

#[wasm_bindgen_test]
async fn unknown_address_shows_not_found() {
    let app = mount_app("/no-such-page");
    assert_eq!(page_heading(&app.root).await, "Page not found");
}
