//! The end-to-end harness: serve the release build (`dist/`) on loopback,
//! start chromedriver with Debian's headless Chromium, and find elements the
//! way a screen-reader user does, by ARIA role and accessible name (as
//! computed by the browser's own accessibility tree).
//!
//! Nothing here downloads anything: the browser and driver are the system's
//! (`CHROMIUM`, `CHROMEDRIVER` override the default paths).

use std::fmt;
use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};

/// How long a query waits for the page to show what it looks for.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A harness error: a message for the test log.
pub struct Error(pub String);

// A test returning `Err` prints it with `Debug`: keep it readable.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<fantoccini::error::CmdError> for Error {
    fn from(e: fantoccini::error::CmdError) -> Self {
        Error(format!("webdriver: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(format!("io: {e}"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Fails the step with a message unless `cond` holds.
pub fn ensure(cond: bool, msg: impl FnOnce() -> String) -> Result<()> {
    if cond {
        Ok(())
    } else {
        Err(Error(msg()))
    }
}

/// The workspace's root directory (the parent of `e2e/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent")
        .to_path_buf()
}

/// The cargo target directory: the test binary runs from `<target>/<profile>/deps/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::current_exe()
                .ok()
                .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
                .unwrap_or_else(|| workspace_root().join("target"))
        })
}

// ---------------------------------------------------------------------------
// Static file server

/// A tiny static file server for a directory, on `127.0.0.1` and a free port.
/// Unknown paths without a file extension get `index.html`, as a
/// single-page app expects. Stops when dropped.
pub struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: impl Into<PathBuf>) -> Result<StaticServer> {
        let root: PathBuf = root.into();
        if !root.join("index.html").is_file() {
            return Err(Error(format!(
                "{} has no index.html: build the app first (`make dist`)",
                root.display()
            )));
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let stop2 = stop.clone();
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let root = root.clone();
                    thread::spawn(move || {
                        let _ = serve_one(stream, &root);
                    });
                }
            }
        });
        Ok(StaticServer {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT` followed by `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_one(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; requests we serve have no body.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");

    let (status, content_type, body) = match (method, resolve(root, path)) {
        ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
            Ok(bytes) => ("200 OK", content_type(&file), bytes),
            Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        },
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        _ => (
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    // Let the client read everything before the socket closes.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = reader.read(&mut [0u8; 64]);
    Ok(())
}

/// The file a URL path names under `root`, refusing anything that leaves it.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = Path::new(url_path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = root.join(rel);
    if file.is_file() {
        return Some(file);
    }
    if file.is_dir() && file.join("index.html").is_file() {
        return Some(file.join("index.html"));
    }
    // A client-side route: no extension on the last segment.
    if rel.extension().is_none() {
        return Some(root.join("index.html"));
    }
    None
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------
// chromedriver and Chromium

/// A chromedriver process on a free loopback port, killed when dropped.
pub struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    pub fn start() -> Result<Chromedriver> {
        let exe = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
            .local_addr()?
            .port();
        let log = std::fs::File::create(target_dir().join("e2e-chromedriver.log"))?;
        let child = Command::new(&exe)
            .arg(format!("--port={port}"))
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|e| Error(format!("cannot start {exe}: {e}")))?;
        let mut driver = Chromedriver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if let Some(status) = driver.child.try_wait()? {
                return Err(Error(format!("{exe} exited early: {status}")));
            }
            if Instant::now() > deadline {
                return Err(Error(format!("{exe} did not listen on port {port}")));
            }
            thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Chromium flags for a headless run as root in a container, with a
/// fresh profile directory; downloads go to `<profile>/downloads`
/// ([`Browser::downloads`]) without asking.
pub fn chromium_capabilities(user_data_dir: &Path) -> Capabilities {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,800",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", user_data_dir.display())])
    .collect::<Vec<_>>();
    let mut caps = Capabilities::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": args,
            "prefs": {
                "download.default_directory": user_data_dir.join("downloads").display().to_string(),
                "download.prompt_for_download": false,
                "download.directory_upgrade": true,
            },
        }),
    );
    // The console, for [`browser_log`] (CSP violations during a page load).
    caps.insert("goog:loggingPrefs".into(), serde_json::json!({ "browser": "ALL" }));
    caps
}

/// A browser session: chromedriver, Chromium with a throwaway profile, and
/// the WebDriver client. [`Browser::close`] ends it; dropping it stops the
/// driver (and so the browser) regardless.
pub struct Browser {
    pub client: Client,
    profile: PathBuf,
    _driver: Chromedriver,
}

impl Browser {
    pub async fn start() -> Result<Browser> {
        let driver = Chromedriver::start()?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let profile = std::env::temp_dir().join(format!(
            "engagement-e2e-profile-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&profile)?;
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(chromium_capabilities(&profile))
            .connect(&driver.url())
            .await
            .map_err(|e| Error(format!("cannot open a Chromium session: {e}")))?;
        Ok(Browser {
            client,
            profile,
            _driver: driver,
        })
    }

    /// Where the browser saves downloads.
    pub fn downloads(&self) -> PathBuf {
        self.profile.join("downloads")
    }

    /// Waits (up to [`TIMEOUT`]) for a finished download named `name` and
    /// returns its content.
    pub async fn downloaded(&self, name: &str) -> Result<String> {
        let path = self.downloads().join(name);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if !text.is_empty() {
                    return Ok(text);
                }
            }
            if Instant::now() > deadline {
                let seen: Vec<String> = std::fs::read_dir(self.downloads())
                    .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                    .unwrap_or_default();
                return Err(Error(format!("no download {name:?}; the downloads folder holds {seen:?}")));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn close(self) -> Result<()> {
        self.client.clone().close().await?;
        Ok(())
    }

    /// Runs `steps`; on failure saves a screenshot and the page's HTML to
    /// `target/e2e-<name>.png` / `.html` and returns the error with their
    /// paths.
    pub async fn run<'a, F, Fut>(&'a self, name: &str, steps: F) -> Result<()>
    where
        F: FnOnce(&'a Client) -> Fut,
        Fut: Future<Output = Result<()>> + 'a,
    {
        match steps(&self.client).await {
            Ok(()) => Ok(()),
            Err(e) => {
                let png = target_dir().join(format!("e2e-{name}.png"));
                let html = target_dir().join(format!("e2e-{name}.html"));
                let mut saved = vec![];
                if let Ok(bytes) = self.client.screenshot().await {
                    if std::fs::write(&png, bytes).is_ok() {
                        saved.push(png.display().to_string());
                    }
                }
                if let Ok(source) = self.client.source().await {
                    if std::fs::write(&html, source).is_ok() {
                        saved.push(html.display().to_string());
                    }
                }
                Err(Error(format!("{e}\n(saved: {})", saved.join(", "))))
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

// ---------------------------------------------------------------------------
// Queries by ARIA role and accessible name

/// `GET /session/{id}/element/{id}/computedrole` or `/computedlabel`: the
/// role and accessible name from the browser's accessibility tree
/// (WebDriver § 12.4.9, 12.4.10).
#[derive(Debug)]
struct ComputedA11y {
    element: ElementRef,
    what: &'static str,
}

impl WebDriverCompatibleCommand for ComputedA11y {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!(
            "session/{session}/element/{}/{}",
            &*self.element, self.what
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

async fn computed(client: &Client, el: &Element, what: &'static str) -> Result<String> {
    let v = client
        .issue_cmd(ComputedA11y {
            element: el.element_id(),
            what,
        })
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// The computed ARIA role of an element (e.g. `link`, `heading`).
pub async fn role_of(client: &Client, el: &Element) -> Result<String> {
    computed(client, el, "computedrole").await
}

/// The computed accessible name of an element.
pub async fn name_of(client: &Client, el: &Element) -> Result<String> {
    Ok(computed(client, el, "computedlabel")
        .await?
        .trim()
        .to_owned())
}

/// chromedriver's `POST /session/{id}/se/log`: the browser console's
/// entries since the last call.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// The messages the browser's console received since the last call
/// (errors, warnings, CSP violations …), each as `LEVEL message`.
pub async fn browser_log(client: &Client) -> Result<Vec<String>> {
    let v = client.issue_cmd(BrowserLog).await?;
    Ok(v.as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e["level"].as_str().unwrap_or_default(),
                        e["message"].as_str().unwrap_or_default()
                    )
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Elements that can have `role`, implicitly or explicitly: the candidates
/// whose computed role is then checked.
fn candidates_selector(role: &str) -> String {
    let implicit = match role {
        "link" => "a[href], area[href]",
        "button" => "button, input[type=button], input[type=submit], input[type=reset], summary",
        "heading" => "h1, h2, h3, h4, h5, h6",
        "navigation" => "nav",
        "main" => "main",
        "banner" => "header",
        "list" => "ul, ol",
        "listitem" => "li",
        "textbox" => "input:not([type]), input[type=text], input[type=email], textarea",
        "checkbox" => "input[type=checkbox]",
        "combobox" => "select",
        "searchbox" => "input[type=search]",
        "table" => "table",
        "region" => "section",
        "dialog" => "dialog",
        _ => "",
    };
    if implicit.is_empty() {
        format!("[role={role}]")
    } else {
        format!("{implicit}, [role={role}]")
    }
}

/// Where a query looks: the whole page or inside one element.
#[derive(Clone, Copy)]
pub enum Within<'a> {
    Page,
    Element(&'a Element),
}

/// All elements in `scope` with this role and exactly this accessible name
/// (`None`: any name), right now.
pub async fn all_by_role(
    client: &Client,
    scope: Within<'_>,
    role: &str,
    name: Option<&str>,
) -> Result<Vec<Element>> {
    let selector = candidates_selector(role);
    let candidates = match scope {
        Within::Page => client.find_all(Locator::Css(&selector)).await?,
        Within::Element(el) => el.find_all(Locator::Css(&selector)).await?,
    };
    let mut found = vec![];
    for el in candidates {
        // An element can go stale while we look (the page re-renders).
        let Ok(r) = role_of(client, &el).await else {
            continue;
        };
        if r != role {
            continue;
        }
        if let Some(name) = name {
            let Ok(n) = name_of(client, &el).await else {
                continue;
            };
            if n != name {
                continue;
            }
        }
        found.push(el);
    }
    Ok(found)
}

/// Waits (up to [`TIMEOUT`]) for exactly one element in `scope` with this
/// role and accessible name, and returns it.
pub async fn by_role(
    client: &Client,
    scope: Within<'_>,
    role: &str,
    name: &str,
) -> Result<Element> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let found = all_by_role(client, scope, role, Some(name)).await?;
        match found.len() {
            1 => return Ok(found.into_iter().next().expect("one element")),
            n if Instant::now() > deadline => {
                let mut seen = vec![];
                for el in all_by_role(client, scope, role, None).await? {
                    seen.push(format!(
                        "{:?}",
                        name_of(client, &el).await.unwrap_or_default()
                    ));
                }
                return Err(Error(format!(
                    "expected one {role} named {name:?}, found {n}; {role}s on the page: [{}]",
                    seen.join(", ")
                )));
            }
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// The heading level of a `heading` element (`h1` … `h6` or `aria-level`).
pub async fn heading_level(el: &Element) -> Result<u8> {
    if let Some(level) = el.attr("aria-level").await? {
        return level
            .parse()
            .map_err(|_| Error(format!("bad aria-level {level:?}")));
    }
    let tag = el.tag_name().await?.to_ascii_lowercase();
    tag.strip_prefix('h')
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error(format!("<{tag}> is not a heading element")))
}

/// Waits for the page's level-1 heading to be `name`.
pub async fn expect_page_heading(client: &Client, name: &str) -> Result<Element> {
    let heading = by_role(client, Within::Page, "heading", name).await?;
    let level = heading_level(&heading).await?;
    ensure(level == 1, || {
        format!("heading {name:?} has level {level}, expected 1")
    })?;
    Ok(heading)
}

// ---------------------------------------------------------------------------
// Pointer drags and key presses (WebDriver actions)

/// Drags `from` with the mouse onto the point `(dx, dy)` pixels from the
/// centre of `to`, as a person does: press at the centre of `from`, move a
/// little (past any drag threshold), glide to the target, pause, release.
/// Real pointer events (pointerdown/move/up), not HTML5 drag and drop.
pub async fn drag_to(client: &Client, from: &Element, to: &Element, dx: f64, dy: f64) -> Result<()> {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let mouse = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement { element: from.clone(), duration: None, x: 0.0, y: 0.0 })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveBy { duration: Some(Duration::from_millis(50)), x: 0.0, y: 8.0 })
        .then(PointerAction::MoveToElement {
            element: to.clone(),
            duration: Some(Duration::from_millis(300)),
            x: dx,
            y: dy,
        })
        .pause(Duration::from_millis(100))
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    client.perform_actions(mouse).await?;
    client.release_actions().await?;
    Ok(())
}

/// Presses `keys` one after the other on the focused element (characters,
/// or `fantoccini::key::Key` values such as `Key::Down`).
pub async fn press(client: &Client, keys: &[&str]) -> Result<()> {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut seq = KeyActions::new("keyboard".into());
    for k in keys {
        for ch in k.chars() {
            seq = seq.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
        }
    }
    client.perform_actions(seq).await?;
    Ok(())
}

/// The release build the tests drive: `$E2E_DIST`, or `dist/` at the
/// workspace root (`make build`).
pub fn dist() -> PathBuf {
    std::env::var_os("E2E_DIST").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("dist"))
}

/// Waits up to `secs` for `check` to hold, polling every 100 ms; a check
/// that fails counts as not yet.
pub async fn wait_until<F, Fut>(what: &str, secs: u64, mut check: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool>>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if check().await.unwrap_or(false) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(Error(format!("timed out after {secs} s waiting for {what}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `n` with thousands separators, as the app writes counts ("1,240").
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
