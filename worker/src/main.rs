//! The worker's wasm entry: receives `{header, buffers}` messages, hands
//! them to [`sim_worker::job::handle`] and posts its responses (see
//! [`sim_worker::protocol`]).

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
    use sim_worker::protocol::{from_transport, to_header, Response};
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();

    fn post(scope: &DedicatedWorkerGlobalScope, response: &Response) {
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"header".into(), &to_header(response).into());
        let _ = Reflect::set(&msg, &"buffers".into(), &Array::new());
        let _ = scope.post_message(&msg);
    }

    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let header = Reflect::get(&data, &"header".into()).ok().and_then(|h| h.as_string()).unwrap_or_default();
        let buffers: Vec<Vec<u8>> = Reflect::get(&data, &"buffers".into())
            .ok()
            .map(|b| {
                Array::from(&b)
                    .iter()
                    .map(|buf| Uint8Array::new(&buf.unchecked_into::<ArrayBuffer>()).to_vec())
                    .collect()
            })
            .unwrap_or_default();
        let (request, buffers) = match from_transport(&header, buffers) {
            Ok(r) => r,
            Err(message) => return post(&reply_scope, &Response::Failed { id: 0, message }),
        };
        let performance = reply_scope.performance();
        let now = move || performance.as_ref().map_or(0.0, |p| p.now());
        sim_worker::job::handle(request, buffers, now, |r| post(&reply_scope, &r));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &Response::Ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("sim-worker is the app's simulation Web Worker (wasm); the command line is engagement-sim");
    std::process::exit(2);
}
