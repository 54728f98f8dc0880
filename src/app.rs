//! The app shell: router, layout and the global context.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::pages::{LibraryPage, ProgramEditorPage};

use crate::pages::{
    AudiencePage, BenchPage, CalendarPage, CastPreviewPage, PersonTimelinePage, NotFoundPage, ProgramsPage, SettingsPage, SimulationPage,
};
use crate::shell::{
    Announcer, ConflictBanner, DialogHost, Dialogs, DropZone, EditErrorAlert, HistoryButtons, ImportFailureAlert,
    Imports, RememberPage, SaveStatusView, SessionNotice, StartRedirect, UpdateBanner, WorkspaceMenu,
};
use crate::state::{provide_workspace, shortcuts, Session};

/// The entries of the main navigation, in order: `(path, label)`.
/// The label is the link's accessible name and the page's heading.
pub const NAV: [(&str, &str); 7] = [
    ("/programs", "Programs"),
    ("/library", "Library"),
    ("/calendar", "Calendar"),
    ("/audience", "Audience"),
    ("/simulation", "Simulation"),
    ("/whatif", "What-if"),
    ("/settings", "Settings"),
];

/// The whole app: provides the workspace and routes between the pages.
#[component]
pub fn App() -> impl IntoView {
    let ws = provide_workspace();
    crate::results::provide_results(ws);
    let session = Session::start(ws);
    let dialogs = Dialogs::provide();
    Imports::provide();
    shortcuts::install(ws, dialogs);

    view! {
        <Router>
            <div class="shell">
                <header class="shell__header">
                    <img class="shell__logo" src="/icon.svg" alt="" width="28" height="28"/>
                    <span class="shell__title">"Engagement Planner"</span>
                    <div class="shell__tools">
                        <WorkspaceMenu/>
                        <SaveStatusView/>
                        <HistoryButtons/>
                    </div>
                </header>
                <MainNav/>
                <main class="shell__main" id="main">
                    <UpdateBanner/>
                    <ConflictBanner/>
                    <SessionNotice/>
                    <ImportFailureAlert/>
                    <EditErrorAlert/>
                    // Pages show once the saved workspace is open (an edit made
                    // before would be overwritten by the load).
                    <Show when=move || session.ready.get() fallback=|| view! { <p class="loading" role="status">"Opening your workspace…"</p> }>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=StartRedirect/>
                        <Route path=path!("/programs") view=ProgramsPage/>
                        <Route path=path!("/programs/:id") view=ProgramEditorPage/>
                        <Route path=path!("/library") view=LibraryPage/>
                        <Route path=path!("/calendar") view=CalendarPage/>
                        <Route path=path!("/audience") view=AudiencePage/>
                        <Route path=path!("/simulation") view=SimulationPage/>
                        <Route path=path!("/simulation/cast") view=CastPreviewPage/>
                        <Route path=path!("/simulation/person") view=PersonTimelinePage/>
                        <Route path=path!("/whatif") view=crate::pages::WhatIfPage/>
                        <Route path=path!("/bench") view=BenchPage/>
                        <Route path=path!("/settings") view=SettingsPage/>
                        <Route path=path!("/rules") view=crate::pages::RulesPage/>
                    </Routes>
                    </Show>
                </main>
            </div>
            <Announcer/>
            <DialogHost/>
            <DropZone/>
            <RememberPage/>
        </Router>
    }
}

/// The left navigation: a labelled `<nav>` of links; the router marks the
/// current one with `aria-current="page"`.
#[component]
fn MainNav() -> impl IntoView {
    view! {
        <nav class="shell__nav" aria-label="Main">
            <ul class="nav-list">
                {NAV
                    .iter()
                    .map(|&(href, label)| {
                        view! {
                            <li>
                                <A href=href>{label}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
