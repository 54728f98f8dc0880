//! The wasm entry point Trunk builds: mount the app on `<body>`.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    // Offline after the first visit (not in component tests: they mount App alone).
    engagement_planner::shell::register_service_worker();
    leptos::mount::mount_to_body(engagement_planner::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "engagement-planner is a browser app: run `make serve` and open http://127.0.0.1:8080 \
         (the command-line simulator is `cargo run --release --bin engagement-sim`)"
    );
    std::process::exit(2);
}
