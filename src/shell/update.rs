//! The service worker that makes the app work offline (`/sw.js`, written
//! after every release build by `tools/post_build.py`): registered once at
//! start ([`register_service_worker`], from `main.rs` only, so component
//! tests never install one), and the "A new version is ready" message
//! ([`UpdateBanner`]) when a newer build is installed and waiting.
//!
//! A waiting build takes over only when the user presses *Reload*: the
//! page posts `{type: "skip-waiting"}` to it and reloads once it controls
//! the page (`controllerchange`). The first install also changes the
//! controller (the worker claims the page), which must not reload: hence
//! the `RELOADING` flag.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;
// Not leptos's spawn_local: registration starts before the app mounts
// (and with it leptos's executor).
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

use crate::state::session::SaveStatus;
use crate::state::use_session;

/// Where the build puts the service worker (the site root: its scope is
/// the whole app).
pub const SERVICE_WORKER_URL: &str = "/sw.js";

thread_local! {
    /// The installed build waiting to take over.
    static WAITING: RefCell<Option<ServiceWorker>> = const { RefCell::new(None) };
    /// Set by *Reload*: the next controller change reloads the page.
    static RELOADING: Cell<bool> = const { Cell::new(false) };
    /// Whether a new version is waiting (what the banner shows).
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

fn ready() -> ArcRwSignal<bool> {
    READY.with(Clone::clone)
}

/// The browser's service worker container, where there is one (not on an
/// insecure origin, nor in some private modes).
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let has = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    has.then(|| navigator.service_worker())
}

/// Registers `/sw.js` and watches for a newer build. Without service
/// workers the app still runs, online only.
pub fn register_service_worker() {
    // Debug builds (`trunk serve` while developing) are not cached: a
    // cache-first worker would keep serving the previous build.
    if cfg!(debug_assertions) {
        return;
    }
    let Some(container) = container() else { return };
    let on_controller_change = Closure::<dyn FnMut()>::new(|| {
        if RELOADING.with(Cell::get) {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget(); // as long as the page

    let promise = container.register(SERVICE_WORKER_URL);
    spawn_local(async move {
        let registration: ServiceWorkerRegistration = match JsFuture::from(promise).await {
            Ok(r) => r.unchecked_into(),
            Err(e) => {
                leptos::logging::warn!("the app will not work offline: no service worker: {e:?}");
                return;
            }
        };
        // A build installed on an earlier visit and still waiting.
        if let Some(waiting) = registration.waiting() {
            offer(&container, waiting);
        }
        let reg = registration.clone();
        let on_update_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = reg.installing() else { return };
            let worker = installing.clone();
            let container = container.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed {
                    offer(&container, worker.clone());
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget(); // as long as that worker
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        on_update_found.forget(); // as long as the page
    });
}

/// Offers `worker` as the new version, unless it is the first install
/// (nothing controls the page yet: it simply takes over).
fn offer(container: &ServiceWorkerContainer, worker: ServiceWorker) {
    if container.controller().is_none() {
        return;
    }
    WAITING.with(|w| *w.borrow_mut() = Some(worker));
    ready().set(true);
}

/// Lets the waiting build take over; the page reloads when it does.
fn take_update() {
    let Some(worker) = WAITING.with(|w| w.borrow().clone()) else { return };
    RELOADING.with(|r| r.set(true));
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &JsValue::from_str("type"), &JsValue::from_str("skip-waiting"));
    if worker.post_message(&message).is_err() {
        // The worker is gone (replaced meanwhile): a plain reload gets
        // whatever build is current.
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    }
}

/// "A new version is ready — Reload", while a newer build waits.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let session = use_session();
    let ready = ready();
    let reloading = RwSignal::new(false);
    let reload = move |_| {
        reloading.set(true);
        spawn_local(async move {
            // Let a pending autosave finish first (at most a few seconds).
            for _ in 0..50 {
                if !matches!(session.status.get_untracked(), SaveStatus::Saving | SaveStatus::Loading) {
                    break;
                }
                sleep(Duration::from_millis(100)).await;
            }
            take_update();
        });
    };
    view! {
        <div role="status" aria-label="App update" class="alert-slot">
            {move || {
                ready
                    .get()
                    .then(|| {
                        view! {
                            <div class="alert alert--info">
                                <p class="alert__message">"A new version of Engagement Planner is ready."</p>
                                <button
                                    type="button"
                                    class="button button--primary"
                                    disabled=move || reloading.get()
                                    on:click=reload
                                >
                                    "Reload"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

async fn sleep(d: Duration) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, d.as_millis() as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}
