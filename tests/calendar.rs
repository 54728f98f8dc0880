//! The cadence calendar in a real browser, over the sample workspace: casts
//! on the right dates, the grid's keyboard interaction, the week and agenda
//! views, warnings, results freshness and the export form.
#![cfg(target_arch = "wasm32")]

mod support;

use engagement_planner::calendar::casts::Calendar;
use engagement_planner::pages::CalendarPage;
use engagement_planner::results::provide_results;
use engagement_planner::results::record::{fingerprint, thousands, StoredResults};
use engagement_planner::state::Workspace;
use engagement_planner::storage::prefs;
use engine::model::Plan;
use engine::sim::outcome::Outcome;
use engine::time::parse_date;
use leptos::mount::{mount_to, UnmountHandle};
use leptos::tachys::view::Mountable;
use leptos::prelude::*;
use leptos_router::components::Router;
use support::{accessible_name, all, button, text, wait_for};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// The calendar page alone, at `/calendar?date=…`, over `plan`, with
/// `results` as the latest run (or none).
struct Page<M: Mountable> {
    root: HtmlElement,
    owner: Owner,
    _handle: UnmountHandle<M>,
}

impl<M: Mountable> Drop for Page<M> {
    fn drop(&mut self) {
        self.owner.cleanup();
        self.root.remove();
    }
}

fn mount(plan: Plan, date: &str, results: Option<StoredResults>) -> Page<impl Mountable> {
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("/calendar?date={date}")))
        .unwrap();
    let document = window.document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let handle = owner.with(|| {
        mount_to(root.clone(), move || {
            let ws = Workspace::new(plan.clone());
            provide_context(ws);
            let ctx = provide_results(ws);
            ctx.latest.set(results.clone());
            view! {
                <Router>
                    <CalendarPage/>
                </Router>
            }
        })
    });
    Page { root, owner, _handle: handle }
}

fn results_of(plan: &Plan, report_plan: &Plan) -> StoredResults {
    StoredResults {
        revision: 0,
        fingerprint: fingerprint(plan),
        workspace: "Sample".into(),
        finished_at_ms: 0.0,
        prepare_ms: 0.0,
        simulate_ms: 0.0,
        report: engine::analysis::analyze(report_plan).unwrap(),
    }
}

fn key(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

fn active() -> Option<Element> {
    web_sys::window()?.document()?.active_element()
}

async fn cell(root: &Element, date: &str) -> HtmlElement {
    let selector = format!("[role=grid] [role=gridcell][data-date='{date}']");
    wait_for(&format!("the cell of {date}"), || root.query_selector(&selector).ok().flatten().map(|e| e.unchecked_into()))
        .await
}

async fn focus_is(date: &str) {
    wait_for(&format!("focus on {date}"), || {
        active().filter(|a| a.get_attribute("data-date").as_deref() == Some(date)).map(|_| ())
    })
    .await;
}

fn title(root: &Element) -> String {
    all(root, ".cal-toolbar__title").first().map(text).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_month_grid_shows_the_samples_casts_and_moves_by_keyboard() {
    prefs::clear();
    let plan = engine::generate::sample_plan();
    let stored = results_of(&plan, &plan);
    let early = stored.report.casts.iter().find(|c| c.stream == "s-early" && c.date == "2027-01-05").unwrap().clone();
    let page = mount(plan, "2027-01-05", Some(stored));
    let root: Element = page.root.clone().into();

    let grid = wait_for("the grid", || all(&root, "table[role=grid]").into_iter().next()).await;
    assert_eq!(accessible_name(&grid), "Casts of the month");
    assert_eq!(title(&root), "January 2027");
    // The sample's week starts on Sunday: 27 Dec 2026 to 6 Feb 2027.
    let cells = all(&grid, "[role=row] [role=gridcell]");
    assert_eq!(cells.len(), 42);
    assert_eq!(cells[0].get_attribute("data-date").as_deref(), Some("2026-12-27"));
    let headers: Vec<String> = all(&grid, "[role=columnheader]").iter().map(|h| h.get_attribute("abbr").unwrap()).collect();
    assert_eq!(headers[0], "Sunday");

    // Tuesdays: Early stage; Mondays and Thursdays: Onboarding; Thursdays:
    // Engaged too.
    let tue = cell(&root, "2027-01-05").await;
    assert!(accessible_name(&tue).starts_with("Tuesday 5 January 2027, 1 cast"), "{}", accessible_name(&tue));
    let chip = text(&tue);
    assert!(chip.contains("10:00 Early stage"), "{chip}");
    assert!(chip.contains("New prospects nurture"), "the program in text, not only colour: {chip}");
    let delivered = early.count(Outcome::Sent) + early.count(Outcome::ProgramEntered);
    assert!(chip.contains(&format!("{} people", thousands(delivered))), "{chip}");
    let thu = cell(&root, "2027-01-07").await;
    assert!(accessible_name(&thu).starts_with("Thursday 7 January 2027, 2 casts"));
    assert!(text(&thu).contains("09:00 local Onboarding"), "a recipient-time-zone cast: {}", text(&thu));
    assert!(text(&thu).contains("Customer onboarding"), "{}", text(&thu));
    let wed = cell(&root, "2027-01-06").await;
    assert_eq!(accessible_name(&wed), "Wednesday 6 January 2027, no casts");
    // Every cast of the month, per the engine's cadences.
    let cal = Calendar::of(&engine::generate::sample_plan());
    let want = cal.casts(parse_date("2026-12-27").unwrap(), parse_date("2027-02-06").unwrap()).len();
    assert_eq!(all(&grid, ".cal-chip").len(), want);

    // Roving tabindex: only the focused day is tabbable.
    let tabbable: Vec<Element> = all(&grid, "[role=gridcell][tabindex='0']");
    assert_eq!(tabbable.len(), 1);
    assert_eq!(tabbable[0].get_attribute("data-date").as_deref(), Some("2027-01-05"));

    tue.focus().unwrap();
    key(&tue, "ArrowRight");
    focus_is("2027-01-06").await;
    key(&active().unwrap(), "ArrowDown");
    focus_is("2027-01-13").await;
    key(&active().unwrap(), "PageDown");
    focus_is("2027-02-13").await;
    assert_eq!(title(&root), "February 2027");
    key(&active().unwrap(), "Home");
    focus_is("2027-02-07").await;
    key(&active().unwrap(), "End");
    focus_is("2027-02-13").await;
    key(&active().unwrap(), "ArrowLeft");
    focus_is("2027-02-12").await;
    key(&active().unwrap(), "PageUp");
    focus_is("2027-01-12").await;
    assert_eq!(title(&root), "January 2027");
    key(&active().unwrap(), "ArrowUp");
    focus_is("2027-01-05").await;
    assert_eq!(all(&root, "[role=gridcell][tabindex='0']").len(), 1);

    // Enter opens the day's casts: focus goes to the day panel.
    key(&active().unwrap(), "Enter");
    let heading = wait_for("focus on the day heading", || active().filter(|a| a.tag_name() == "H2")).await;
    assert_eq!(text(&heading), "Tuesday 5 January 2027");
    let panel = heading.closest("section").unwrap().unwrap();
    let link = all(&panel, "a").into_iter().find(|a| accessible_name(a) == "Preview the Early stage cast of 5 Jan").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/simulation/cast?program=ep-prospects&stream=s-early&date=2027-01-05")
    );
    let panel_text = text(&panel);
    assert!(panel_text.contains(&format!("{} deliveries", thousands(delivered))), "{panel_text}");
    // Content → people: the first email sent at that cast.
    let names = engagement_planner::results::record::Names::of(&engine::generate::sample_plan());
    let (content, _, sent) = early.contents.iter().find(|c| c.1 == "sent").expect("an email sent");
    let line = format!("{} → {} people", names.content(content), thousands(*sent));
    assert!(panel_text.contains(&line), "{line:?} in {panel_text}");
    assert!(text(&root).contains("Predicted counts (content → people) are from the latest simulation"));
    prefs::clear();
}

#[wasm_bindgen_test]
async fn week_and_agenda_list_the_same_casts_and_the_view_is_remembered() {
    prefs::clear();
    let page = mount(engine::generate::sample_plan(), "2027-01-05", None);
    let root: Element = page.root.clone().into();
    let note = wait_for("the results note", || {
        all(&root, ".cal-note").into_iter().find(|n| text(n).starts_with("No simulation results yet"))
    })
    .await;
    assert_eq!(all(&note, "a")[0].get_attribute("href").as_deref(), Some("/simulation"));

    let cal = Calendar::of(&engine::generate::sample_plan());
    let week = cal.casts(parse_date("2027-01-03").unwrap(), parse_date("2027-01-09").unwrap());
    let streams = |casts: &[engagement_planner::calendar::casts::Cast]| -> Vec<String> {
        casts.iter().map(|c| cal.streams[c.stream].stream_name.clone()).collect()
    };
    assert_eq!(streams(&week), ["Onboarding", "Early stage", "Onboarding", "Engaged"]);

    button(&root, "Week").await.click();
    let grid = wait_for("the week grid", || {
        all(&root, "table[role=grid]").into_iter().find(|g| accessible_name(g) == "Casts of the week")
    })
    .await;
    assert_eq!(title(&root), "Week of 3 January 2027");
    assert_eq!(all(&grid, "tbody [role=row]").len(), 1);
    let chips: Vec<String> = all(&grid, ".cal-chip__stream").iter().map(text).collect();
    assert_eq!(chips, streams(&week));
    assert_eq!(prefs::load().calendar_view.as_deref(), Some("week"));
    let next = button(&root, "Next week").await;
    next.click();
    wait_for("the next week", || (title(&root) == "Week of 10 January 2027").then_some(())).await;
    button(&root, "Previous week").await.click();
    wait_for("the week again", || (title(&root) == "Week of 3 January 2027").then_some(())).await;

    button(&root, "Agenda").await.click();
    let agenda = wait_for("the agenda", || all(&root, "ol[aria-label=Agenda]").into_iter().next()).await;
    let month = cal.casts(parse_date("2027-01-01").unwrap(), parse_date("2027-01-31").unwrap());
    let cards: Vec<String> = all(&agenda, ".cal-card__stream").iter().map(text).collect();
    assert_eq!(cards, streams(&month));
    let days = all(&agenda, "h3");
    assert_eq!(text(&days[0]), "Monday 4 January 2027");
    assert!(text(&agenda).contains("recipient time zone: one cast"));
    assert_eq!(all(&agenda, "a").len(), month.len(), "one preview link per cast");
    assert_eq!(prefs::load().calendar_view.as_deref(), Some("agenda"));
    assert_eq!(
        button(&root, "Agenda").await.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    prefs::clear();
}

#[wasm_bindgen_test]
async fn a_double_first_cast_warns_and_stale_results_say_so() {
    prefs::clear();
    let sample = engine::generate::sample_plan();
    let mut plan = sample.clone();
    // Early stage casts on Tuesdays; a Monday first cast is extra (R-CA-3),
    // and it meets Onboarding's Monday cast for the trial users.
    plan.engagement_programs[0].streams[0].cadence.as_mut().unwrap().first_cast = parse_date("2027-01-04").unwrap();
    let stored = results_of(&sample, &sample);
    let page = mount(plan, "2027-01-04", Some(stored));
    let root: Element = page.root.clone().into();

    wait_for("the out-of-date note", || {
        all(&root, ".cal-note").into_iter().find(|n| text(n).starts_with("Results are out of date — rerun"))
    })
    .await;
    button(&root, "Rerun the simulation").await;
    let mon = cell(&root, "2027-01-04").await;
    assert!(
        accessible_name(&mon).starts_with("Monday 4 January 2027, 2 casts, "),
        "{}",
        accessible_name(&mon)
    );
    assert!(text(&mon).contains("double cast"));
    let panel = wait_for("the day panel", || {
        all(&root, "section.cal-day").into_iter().find(|s| text(s).starts_with("Monday 4 January 2027"))
    })
    .await;
    let warnings: Vec<String> = all(&panel, "[aria-label=Warnings] li").iter().map(text).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with("Double cast (R-CA-3): the first cast of New prospects nurture — Early stage")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.contains("people in several programs cast this day")), "{warnings:?}");
    assert!(text(&panel).contains("Predicted (out of date)") || text(&panel).contains("Not in the latest simulation"));

    // The export form: the shown range, named controls, a clear error.
    let form = all(&root, "form").into_iter().find(|f| accessible_name(f) == "Export casts").expect("the export form");
    let inputs = all(&form, "input[type=date]");
    let value = |e: &Element| e.unchecked_ref::<web_sys::HtmlInputElement>().value();
    wait_for("the export range", || (!value(&inputs[0]).is_empty()).then_some(())).await;
    assert_eq!(value(&inputs[0]), "2026-12-27");
    assert_eq!(value(&inputs[1]), "2027-02-06");
    let through: &web_sys::HtmlInputElement = inputs[1].unchecked_ref();
    through.set_value("2026-12-01");
    through.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    button(&form, "Export .ics").await.click();
    let alert = wait_for("the export error", || all(&form, "[role=alert]").into_iter().next()).await;
    assert_eq!(text(&alert), "Export through: the last day is before the first");
    prefs::clear();
}
