//! The page's side of the simulation worker: the only code that posts
//! messages. The protocol itself is [`sim_worker::protocol`].
//!
//! [`SimWorker`] owns one `Worker` (Trunk's `sim-worker_loader.js`, a
//! classic worker that imports the wasm-bindgen glue and instantiates
//! `sim-worker_bg.wasm`). Each request gets an id and a callback; the
//! callback receives every [`Response`] with that id. [`SimWorker::cancel`]
//! terminates the worker (a running simulation never reads its inbox) and
//! starts a fresh one; pending callbacks are dropped, so late answers of
//! the old worker can never arrive.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use sim_worker::protocol::{from_header, to_transport, Input, Request, Response};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};

pub use sim_worker::protocol;
pub use sim_worker::WORKER_URL;

type Callback = Box<dyn FnMut(Response)>;

/// The `Failed` message of requests ended by [`SimWorker::cancel`].
pub const CANCELLED: &str = "cancelled";

struct Inner {
    worker: Option<Worker>,
    /// Whether the worker said `Ready`; until then messages wait in `queue`.
    ready: bool,
    queue: Vec<(Object, Array)>,
    next_id: u64,
    pending: HashMap<u64, Callback>,
    // Kept alive as long as the worker they are attached to.
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
    _on_error: Option<Closure<dyn FnMut(ErrorEvent)>>,
}

/// A handle on the simulation worker (cheap to clone: one shared worker).
#[derive(Clone)]
pub struct SimWorker {
    inner: Rc<RefCell<Inner>>,
}

impl Default for SimWorker {
    fn default() -> Self {
        SimWorker::new()
    }
}

impl SimWorker {
    /// A handle; the worker itself starts with the first request.
    pub fn new() -> SimWorker {
        SimWorker {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                queue: Vec::new(),
                next_id: 1,
                pending: HashMap::new(),
                _on_message: None,
                _on_error: None,
            })),
        }
    }

    fn ensure_started(&self) -> Result<Worker, String> {
        if let Some(w) = self.inner.borrow().worker.clone() {
            return Ok(w);
        }
        let worker = Worker::new(WORKER_URL).map_err(|e| format!("cannot start the simulation worker: {e:?}"))?;
        let weak = Rc::downgrade(&self.inner);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(inner) = weak.upgrade() else { return };
            let header = Reflect::get(&event.data(), &"header".into())
                .ok()
                .and_then(|h| h.as_string())
                .unwrap_or_default();
            let response: Response = match from_header(&header) {
                Ok(r) => r,
                Err(message) => Response::Failed { id: 0, message },
            };
            if response == Response::Ready {
                let (worker, queue) = {
                    let mut inner = inner.borrow_mut();
                    inner.ready = true;
                    (inner.worker.clone(), std::mem::take(&mut inner.queue))
                };
                if let Some(worker) = worker {
                    for (message, transfer) in queue {
                        let _ = worker.post_message_with_transfer(&message, &transfer);
                    }
                }
                return;
            }
            let id = response.id();
            let finished = !matches!(response, Response::Progress { .. });
            // Take the callback out while it runs: it may post another request.
            let callback = inner.borrow_mut().pending.remove(&id);
            if let Some(mut callback) = callback {
                callback(response);
                if !finished {
                    inner.borrow_mut().pending.insert(id, callback);
                }
            }
        });
        let weak = Rc::downgrade(&self.inner);
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            let Some(inner) = weak.upgrade() else { return };
            let message = format!("the simulation worker failed: {}", event.message());
            let pending: Vec<(u64, Callback)> = inner.borrow_mut().pending.drain().collect();
            for (id, mut callback) in pending {
                callback(Response::Failed { id, message: message.clone() });
            }
            // A crashed wasm instance is unusable: start afresh next time.
            let crashed = inner.borrow_mut().worker.take();
            if let Some(w) = crashed {
                w.terminate();
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner.worker = Some(worker.clone());
        inner.ready = false;
        inner._on_message = Some(on_message);
        inner._on_error = Some(on_error);
        Ok(worker)
    }

    /// Posts the request `make(id, input)` with the audience `buffers`
    /// transferred; `on_response` gets its responses. Returns the id.
    pub fn request(
        &self,
        input: Input,
        buffers: Vec<Vec<u8>>,
        make: impl FnOnce(u64, Input) -> Request,
        mut on_response: impl FnMut(Response) + 'static,
    ) -> u64 {
        let id = {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            id
        };
        let worker = match self.ensure_started() {
            Ok(w) => w,
            Err(message) => {
                on_response(Response::Failed { id, message });
                return id;
            }
        };
        let (header, buffers) = to_transport(make(id, input), buffers);
        let transfer = Array::new();
        let js_buffers = Array::new();
        for bytes in &buffers {
            let array = Uint8Array::new_with_length(bytes.len() as u32);
            array.copy_from(bytes);
            let buffer = array.buffer();
            js_buffers.push(&buffer);
            transfer.push(&buffer);
        }
        drop(buffers);
        let message = Object::new();
        let _ = Reflect::set(&message, &"header".into(), &JsValue::from_str(&header));
        let _ = Reflect::set(&message, &"buffers".into(), &js_buffers);
        self.inner.borrow_mut().pending.insert(id, Box::new(on_response));
        if !self.inner.borrow().ready {
            // Transferred when the worker says Ready (the buffers move then).
            self.inner.borrow_mut().queue.push((message, transfer));
            return id;
        }
        if let Err(e) = worker.post_message_with_transfer(&message, &transfer) {
            if let Some(mut callback) = self.inner.borrow_mut().pending.remove(&id) {
                callback(Response::Failed { id, message: format!("cannot post to the worker: {e:?}") });
            }
        }
        id
    }

    /// Whether any request is waiting for its answer.
    pub fn busy(&self) -> bool {
        !self.inner.borrow().pending.is_empty()
    }

    /// Stops whatever the worker is doing: terminates it, answers each
    /// pending request with `Failed { message: CANCELLED }` (so no caller
    /// waits forever), and starts a fresh worker, ready for the next request.
    pub fn cancel(&self) {
        let (old, pending) = {
            let mut inner = self.inner.borrow_mut();
            let pending: Vec<(u64, Callback)> = inner.pending.drain().collect();
            inner.queue.clear();
            inner.ready = false;
            inner._on_message = None;
            inner._on_error = None;
            (inner.worker.take(), pending)
        };
        if let Some(w) = old {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
        for (id, mut callback) in pending {
            callback(Response::Failed { id, message: CANCELLED.to_owned() });
        }
        // Warm the next one up now, so the next run does not wait for the
        // wasm to compile.
        let _ = self.ensure_started();
    }
}
