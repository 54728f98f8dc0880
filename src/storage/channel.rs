//! Tells the app's other tabs about saves, over a `BroadcastChannel`.
//!
//! Messages are JSON ([`TabMessage`]); each carries the sending tab's id so
//! that several apps in one page (tests) tell each other apart too.

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

/// The app's channel name.
pub const CHANNEL_NAME: &str = "engagement-planner";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TabMessage {
    /// A workspace was saved at this revision.
    Saved { tab: String, workspace: String, revision: u64 },
    /// A workspace was deleted.
    Deleted { tab: String, workspace: String },
}

impl TabMessage {
    pub fn tab(&self) -> &str {
        match self {
            TabMessage::Saved { tab, .. } | TabMessage::Deleted { tab, .. } => tab,
        }
    }
}

/// An open channel; closes when dropped.
pub struct Channel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    /// Opens `name`, calling `receive` with every message other tabs post.
    /// `None` where the browser has no BroadcastChannel.
    pub fn open(name: &str, mut receive: impl FnMut(TabMessage) + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(m) = e.data().as_string().and_then(|s| serde_json::from_str(&s).ok()) {
                receive(m);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel { channel, _on_message: on_message })
    }

    pub fn post(&self, message: &TabMessage) {
        if let Ok(text) = serde_json::to_string(message) {
            let _ = self.channel.post_message(&text.into());
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
