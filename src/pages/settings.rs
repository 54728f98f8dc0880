use engine::model::WeekStart;
use engine::time::{format_date, Instant};
use leptos::prelude::*;

use crate::components::PageHeader;
use crate::state::use_workspace;

/// The workspace's settings (R-WS-1): name, time zone, week start and
/// communication limits.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let ws = use_workspace();
    let name = move || {
        ws.plan
            .with(|p| p.workspace.name.clone().unwrap_or_default())
    };
    let time_zone = move || ws.plan.with(|p| p.workspace.time_zone.name());
    let week_start = move || {
        ws.plan.with(|p| match p.workspace.week_start {
            WeekStart::Sunday => "Sunday",
            WeekStart::Monday => "Monday",
        })
    };
    let limits = move || {
        ws.plan.with(|p| match p.workspace.communication_limits {
            Some(l) if l.enforced => {
                let per = |n: Option<u32>, span: &str| n.map(|n| format!("{n} per {span}"));
                [per(l.per_day, "day"), per(l.per_7_days, "7 days")]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            _ => "None".to_owned(),
        })
    };
    // Today's date in the workspace's zone, from the browser's clock.
    let today = move || {
        let now = Instant::from_unix_seconds((js_sys::Date::now() / 1000.0) as i64);
        format_date(now.date_in(ws.plan.with(|p| p.workspace.time_zone)))
    };

    view! {
        <PageHeader title="Settings"/>
        <section class="card" aria-labelledby="settings-workspace">
            <h2 id="settings-workspace">"Workspace"</h2>
            <dl class="facts">
                <dt>"Name"</dt>
                <dd>{name}</dd>
                <dt>"Time zone"</dt>
                <dd>{time_zone}</dd>
                <dt>"Today in this time zone"</dt>
                <dd>{today}</dd>
                <dt>"Week starts on"</dt>
                <dd>{week_start}</dd>
                <dt>"Communication limits"</dt>
                <dd>{limits}</dd>
            </dl>
        </section>
    }
}
