//! Files in and out: downloading a text file, reading a picked or dropped
//! one.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A file name from a workspace name: characters file systems refuse
/// become `-`; empty becomes "workspace".
pub fn file_stem(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() { '-' } else { c })
        .collect();
    let s = s.trim_matches(['.', ' ']).to_owned();
    if s.is_empty() {
        "workspace".to_owned()
    } else {
        s
    }
}

/// Offers `text` as a download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "cannot make the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot make the file")?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot make the link")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    // Revoke later: the download reads the URL asynchronously.
    let _ = leptos::prelude::set_timeout_with_handle(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

/// The largest file the app reads (a plan, a CSV): the engine's plan cap,
/// 256 MiB. Checked on the file's size before a byte is read, so a huge
/// file never fills the tab's memory.
pub const MAX_FILE_BYTES: usize = engine::plan::MAX_PLAN_BYTES;

/// Why a file of `size` bytes is not read, if it is too large.
pub fn size_refusal(name: &str, size: f64) -> Option<String> {
    const MB: f64 = 1024.0 * 1024.0;
    (size > MAX_FILE_BYTES as f64).then(|| {
        format!(
            "{name} is {:.0} MB: the largest file this app opens is {:.0} MB (it was not read)",
            (size / MB).ceil(),
            MAX_FILE_BYTES as f64 / MB
        )
    })
}

/// The text of a file (refused unread over [`MAX_FILE_BYTES`]).
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    if let Some(why) = size_refusal(&file.name(), file.size()) {
        return Err(why);
    }
    JsFuture::from(file.text())
        .await
        .map_err(|_| format!("cannot read {}", file.name()))?
        .as_string()
        .ok_or_else(|| format!("{} is not text", file.name()))
}
