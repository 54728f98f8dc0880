//! The last page: remembered in the preferences, reopened from `/`.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::state::use_session;
use crate::storage::prefs;

/// The page `/` opens when nothing else was open.
pub const HOME: &str = "/programs";

/// Records the current page in the preferences (when the session
/// remembers them).
#[component]
pub fn RememberPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        if session.remembers() && path != "/" && !path.is_empty() {
            prefs::update(|p| p.last_page = Some(path));
        }
    });
}

/// `/`: the page open last, or [`HOME`].
#[component]
pub fn StartRedirect() -> impl IntoView {
    let session = use_session();
    let path = session
        .remembers()
        .then(|| prefs::load().last_page)
        .flatten()
        .filter(|p| p.starts_with('/') && p != "/")
        .unwrap_or_else(|| HOME.to_owned());
    view! { <Redirect path=path/> }
}
