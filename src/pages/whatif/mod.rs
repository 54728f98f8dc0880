//! The what-if page (`/whatif`): duplicate the workspace as a scenario,
//! schedule changes on a timeline (the plan's events), and compare the
//! runs of two workspaces side by side.
//!
//! - [`scenario`]: the open workspace's base and "Duplicate as scenario";
//! - [`schedule`]: the scheduled changes, their timeline and the form that
//!   adds them (every change an undoable `Edit`);
//! - [`compare`]: runs A and B compared in the simulation worker
//!   (`engine::diff`), shown as tables, exported as CSV.

mod compare;
mod scenario;
mod schedule;

use leptos::prelude::*;

use crate::components::PageHeader;

pub use scenario::ask_duplicate_as_scenario;

#[component]
pub fn WhatIfPage() -> impl IntoView {
    view! {
        <PageHeader title="What-if"/>
        <p class="page-intro">
            "Try changes without touching your plan: duplicate the workspace as a scenario, change it with the \
             usual editors or schedule changes on its timeline, then compare its run with the original's."
        </p>
        <scenario::ScenarioPanel/>
        <schedule::ScheduledChanges/>
        <compare::ComparePanel/>
    }
}
