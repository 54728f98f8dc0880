//! The results view rendered from an engine report, in a real browser:
//! the per-cast table, the runs-dry sentences, the charts as named images
//! and their table fallback.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use engagement_planner::pages::ResultsView;
use engagement_planner::results::record::{fingerprint, thousands, StoredResults};
use engagement_planner::state::Workspace;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

#[wasm_bindgen_test]
async fn a_report_renders_as_tables_and_accessible_charts() {
    let plan = engine::generate::sample_plan();
    let report = engine::analysis::analyze(&plan).unwrap();
    let stored = StoredResults {
        revision: 1,
        fingerprint: fingerprint(&plan),
        workspace: "Sample".into(),
        finished_at_ms: 0.0,
        prepare_ms: 1.0,
        simulate_ms: 2.0,
        report: report.clone(),
    };
    let document = web_sys::window().unwrap().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let names = engagement_planner::results::record::Names::of(&plan);
    let _handle = owner.with(|| {
        mount_to(root.clone(), move || {
            provide_context(Workspace::new(plan.clone()));
            view! {
                <Router>
                    <ResultsView results=stored.clone()/>
                </Router>
            }
        })
    });
    sleep(Duration::from_millis(20)).await;
    let root: Element = root.unchecked_into();

    // One row per cast, with its counts.
    let casts_table = root.query_selector("table[aria-labelledby='sim-casts']").unwrap().expect("the casts table");
    let rows = all(&casts_table, "tbody tr");
    assert_eq!(rows.len(), report.casts.len());
    let first = &report.casts[0];
    let cells: Vec<String> = all(&rows[0], "td").iter().map(|c| c.text_content().unwrap_or_default()).collect();
    assert_eq!(cells[0], first.date);
    assert_eq!(cells[2], names.stream(&first.stream));
    assert_eq!(cells[3], thousands(first.considered));
    let preview = all(&rows[0], "a")[0].get_attribute("href").unwrap();
    assert!(preview.starts_with("/simulation/cast?"), "{preview}");

    // The forecast sentence of every stream.
    let text = root.text_content().unwrap();
    for f in &report.forecasts {
        let s = engagement_planner::results::record::forecast_sentence(f, &names.stream(&f.stream));
        assert!(text.contains(&s), "missing {s:?}");
    }

    // Four charts: named images, each with a toggle to its table.
    let images = all(&root, "svg[role='img']");
    assert_eq!(images.len(), 4);
    for img in &images {
        assert!(!img.get_attribute("aria-label").unwrap_or_default().is_empty());
    }
    assert!(text.contains("not enough data") == report.items.iter().any(|i| i.score.is_none()));
    let toggle = all(&root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default() == "Show Deliveries per day as table")
        .expect("the deliveries chart's toggle");
    let figure = toggle.closest("figure").unwrap().unwrap();
    let table_box = figure.query_selector(".chart__table").unwrap().unwrap();
    assert!(table_box.has_attribute("hidden"));
    toggle.unchecked_ref::<HtmlElement>().click();
    sleep(Duration::from_millis(20)).await;
    assert!(!table_box.has_attribute("hidden"));
    assert_eq!(toggle.text_content().unwrap(), "Show Deliveries per day as chart");
    let day_rows = all(&table_box, "tbody tr");
    let days: std::collections::BTreeSet<&str> = report.deliveries_per_day.iter().map(|d| d.0.as_str()).collect();
    assert_eq!(day_rows.len(), days.len());

    owner.cleanup();
    root.remove();
}
