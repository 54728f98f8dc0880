//! The messages between the page and the simulation worker: the one place
//! the protocol is written down.
//!
//! # Transport
//!
//! Every message, either way, is a plain JS object
//!
//! ```text
//! { header: string, buffers: ArrayBuffer[] }
//! ```
//!
//! `header` is the JSON of a [`Request`] (page → worker) or a [`Response`]
//! (worker → page). A request's `buffers` carry the audience's columns
//! ([`engine::audience::Audience::encode`]), paired by position with
//! [`Input::columns`], then the plan's text in UTF-8 (the header's `plan`
//! is left empty: [`to_transport`], [`from_transport`]), all as
//! *transferred* `ArrayBuffer`s (`postMessage(msg, buffers)`: moved, never
//! copied through JSON). Responses carry no buffers.
//!
//! # Exchanges
//!
//! ```text
//! page                                         worker
//!  Run { id, revision, input }          ──►
//!                                       ◄──  Progress { id, fraction, casts_done, casts_total }  (every few instants)
//!                                       ◄──  Report { id, revision, report, … }  |  Failed { id, message }
//!  CastDetail { id, revision, input, stream, date } ──►   ◄── CastDetail { … } | Failed
//!  Export { id, revision, input, kind }            ──►   ◄── Csv { … } | Failed
//!  Diff { id, input, other }            ──►
//!                                       ◄──  Progress { … }  (A's run is the first half, B's the second)
//!                                       ◄──  Diff { id, diff }  |  Failed
//! ```
//!
//! A `Diff` request carries two plans: its buffers are A's columns, then
//! B's (`input.columns`, then `other.columns`), then B's plan text, then
//! A's.
//!
//! The worker's wasm loads asynchronously after the worker starts, so the
//! worker's first message is `Ready`; the page holds requests until then.
//!
//! Cancelling is not a message: the page terminates the worker and starts
//! a fresh one (a running simulation never reads its inbox). `id` numbers
//! requests so the page drops answers to requests it no longer waits for.
//!
//! The plan travels as its `.plan.json` text *without people* (`"people":
//! []`); the people travel as the audience's columns. [`prepare`] builds
//! both from a [`Plan`], [`load`] rebuilds the plan and audience in the
//! worker.

use engine::analysis::{CastDetail, Report};
use engine::audience::Audience;
use engine::model::Plan;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The plan and audience of a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// The plan as `.plan.json` text, with `"people": []`.
    pub plan: String,
    /// The names of the audience buffers, in the order of `buffers`.
    pub columns: Vec<String>,
}

/// What a CSV export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// `at,program,stream,person,content,outcome`, every row.
    SendLog,
    /// `at,program,stream,content,outcome,count`, per cast.
    Summary,
}

impl ExportKind {
    /// The file name offered for download.
    pub fn file_name(self) -> &'static str {
        match self {
            ExportKind::SendLog => "send-log.csv",
            ExportKind::Summary => "summary.csv",
        }
    }
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Simulate the window and report ([`engine::analysis::Report`]).
    Run { id: u64, revision: u64, input: Input },
    /// One cast, person by person ([`engine::analysis::cast_detail`]).
    CastDetail { id: u64, revision: u64, input: Input, stream: String, date: String },
    /// A CSV export, spreadsheet formulas neutralised ([`crate::csv_safe`]).
    Export { id: u64, revision: u64, input: Input, kind: ExportKind },
    /// Compare the runs of two plans ([`engine::diff::diff`]): `input` is A,
    /// `other` is B.
    Diff { id: u64, input: Input, other: Input },
}

impl Request {
    pub fn id(&self) -> u64 {
        match self {
            Request::Run { id, .. }
            | Request::CastDetail { id, .. }
            | Request::Export { id, .. }
            | Request::Diff { id, .. } => *id,
        }
    }

    pub fn input(&self) -> &Input {
        match self {
            Request::Run { input, .. }
            | Request::CastDetail { input, .. }
            | Request::Export { input, .. }
            | Request::Diff { input, .. } => input,
        }
    }

    fn input_mut(&mut self) -> &mut Input {
        match self {
            Request::Run { input, .. }
            | Request::CastDetail { input, .. }
            | Request::Export { input, .. }
            | Request::Diff { input, .. } => input,
        }
    }
}

/// A request as it is posted: the header (with the plan text left out) and
/// the buffers to transfer: the audience's columns, then the plan's UTF-8
/// text (moved like the columns, never escaped into the header).
pub fn to_transport(mut request: Request, mut buffers: Vec<Vec<u8>>) -> (String, Vec<Vec<u8>>) {
    if let Request::Diff { other, .. } = &mut request {
        buffers.push(std::mem::take(&mut other.plan).into_bytes());
    }
    let plan = std::mem::take(&mut request.input_mut().plan);
    buffers.push(plan.into_bytes());
    (to_header(&request), buffers)
}

/// The request [`to_transport`] posted, and its audience buffers.
pub fn from_transport(header: &str, mut buffers: Vec<Vec<u8>>) -> Result<(Request, Vec<Vec<u8>>), String> {
    let mut request: Request = from_header(header)?;
    let plan = buffers.pop().ok_or("malformed worker message: the plan's buffer is missing")?;
    request.input_mut().plan = String::from_utf8(plan).map_err(|e| format!("malformed worker message: {e}"))?;
    if let Request::Diff { other, .. } = &mut request {
        let plan = buffers.pop().ok_or("malformed worker message: plan B's buffer is missing")?;
        other.plan = String::from_utf8(plan).map_err(|e| format!("malformed worker message: {e}"))?;
    }
    Ok((request, buffers))
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    /// The worker listens (its wasm is instantiated): sent once, first. A
    /// message posted before it would find no listener and be lost, so the
    /// page holds requests until then.
    Ready,
    /// The run is `fraction` (0..=1) through the simulation window.
    Progress { id: u64, fraction: f64, casts_done: u64, casts_total: u64 },
    /// A finished run, for the plan at `revision`.
    Report {
        id: u64,
        revision: u64,
        report: Report,
        /// Time in the worker: decoding the input and compiling, then simulating.
        prepare_ms: f64,
        simulate_ms: f64,
    },
    CastDetail { id: u64, revision: u64, detail: CastDetail },
    Csv { id: u64, revision: u64, kind: ExportKind, text: String },
    /// The comparison of a `Diff` request.
    Diff { id: u64, diff: engine::diff::Diff },
    Failed { id: u64, message: String },
}

impl Response {
    pub fn id(&self) -> u64 {
        match self {
            Response::Ready => 0,
            Response::Progress { id, .. }
            | Response::Report { id, .. }
            | Response::CastDetail { id, .. }
            | Response::Csv { id, .. }
            | Response::Diff { id, .. }
            | Response::Failed { id, .. } => *id,
        }
    }
}

/// The header text of a message.
pub fn to_header<T: Serialize>(message: &T) -> String {
    // The types above hold only strings, numbers and derived structs:
    // serialising them cannot fail.
    serde_json::to_string(message).unwrap_or_default()
}

/// Reads a header.
pub fn from_header<'a, T: Deserialize<'a>>(header: &'a str) -> Result<T, String> {
    serde_json::from_str(header).map_err(|e| format!("malformed worker message: {e}"))
}

/// The input of a request for `plan` and its buffers (to transfer):
/// the plan without its people, and the people as audience columns.
pub fn prepare(plan: &Plan) -> Result<(Input, Vec<Vec<u8>>), String> {
    let audience = Audience::from_people(&plan.people).map_err(|e| e.to_string())?;
    Ok(prepare_with_audience(plan, &audience))
}

/// [`prepare`] with the people of `audience` (`plan.people` is ignored).
pub fn prepare_with_audience(plan: &Plan, audience: &Audience) -> (Input, Vec<Vec<u8>>) {
    // The people travel as columns only: never written as JSON first.
    let json = engine::plan::plan_to_json_without_people(plan);
    let (columns, buffers) = audience.encode().into_iter().unzip();
    (Input { plan: json.to_string(), columns }, buffers)
}

/// The plan and audience of an input, as the worker rebuilds them.
///
/// The plan is validated as the plan format says, against the audience's
/// people (memberships and history must name people that exist).
pub fn load(input: &Input, buffers: &[Vec<u8>]) -> Result<(Plan, Audience), String> {
    if input.columns.len() != buffers.len() {
        return Err(format!(
            "the request names {} audience columns but carries {} buffers",
            input.columns.len(),
            buffers.len()
        ));
    }
    let pairs: Vec<(&str, &[u8])> =
        input.columns.iter().map(String::as_str).zip(buffers.iter().map(Vec::as_slice)).collect();
    let audience = engine::audience::codec::decode(pairs).map_err(|e| format!("audience: {e}"))?;
    // The validator checks references to people by id: give it the ids
    // (the simulator takes everything else from the audience's columns).
    // Spliced into the text, so the loader's fast path reads them.
    const EMPTY: &str = "\"people\":[]";
    let at = input.plan.find(EMPTY).ok_or("plan: the people travel as columns, so \"people\" must be []")?;
    let mut text = String::with_capacity(input.plan.len() + audience.len() * 16);
    text.push_str(&input.plan[..at]);
    text.push_str("\"people\":[");
    for (i, p) in audience.people().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str("{\"id\":");
        text.push_str(&Value::String(p.id().to_owned()).to_string());
        text.push('}');
    }
    text.push(']');
    text.push_str(&input.plan[at + EMPTY.len()..]);
    let plan = engine::plan::load_plan(&text).map_err(|errors| {
        errors.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    })?;
    Ok((plan, audience))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_responses_round_trip_through_the_header() {
        let r = Request::CastDetail {
            id: 7,
            revision: 3,
            input: Input { plan: "{}".into(), columns: vec!["meta".into(), "ids".into()] },
            stream: "s-early".into(),
            date: "2027-01-05".into(),
        };
        let h = to_header(&r);
        assert!(h.contains("\"type\":\"cast_detail\""), "{h}");
        assert_eq!(from_header::<Request>(&h).unwrap(), r);
        for resp in [
            Response::Progress { id: 1, fraction: 0.5, casts_done: 10, casts_total: 20 },
            Response::Failed { id: 2, message: "boom".into() },
            Response::Ready,
            Response::Csv { id: 3, revision: 9, kind: ExportKind::SendLog, text: "a,b\n".into() },
        ] {
            assert_eq!(from_header::<Response>(&to_header(&resp)).unwrap(), resp);
        }
        assert!(from_header::<Request>("{\"type\":\"launch\"}").unwrap_err().starts_with("malformed worker message"));
    }

    #[test]
    fn the_plan_text_travels_as_the_last_buffer() {
        let plan = engine::generate::sample_plan();
        let (input, buffers) = prepare(&plan).unwrap();
        let request = Request::Run { id: 1, revision: 2, input: input.clone() };
        let (header, moved) = to_transport(request.clone(), buffers.clone());
        assert_eq!(moved.len(), buffers.len() + 1);
        assert!(header.len() < input.plan.len() / 100, "the header stays small: {header}");
        let (back, columns) = from_transport(&header, moved).unwrap();
        assert_eq!((back, columns), (request, buffers));
        assert!(from_transport(&header, vec![]).is_err());
    }

    #[test]
    fn the_plan_travels_without_people_and_comes_back_whole() {
        let plan = engine::generate::sample_plan();
        let (input, buffers) = prepare(&plan).unwrap();
        assert!(input.plan.contains("\"people\":[]"));
        let email = plan.people.iter().find_map(|p| p.email.clone()).unwrap();
        assert!(!input.plan.contains(&format!("\"{email}\"")), "emails travel in the columns only");
        assert_eq!(input.columns.len(), buffers.len());
        let (back, audience) = load(&input, &buffers).unwrap();
        assert_eq!(audience.len(), plan.people.len());
        assert_eq!(audience.to_people(), plan.people);
        assert_eq!(back.memberships, plan.memberships);
        assert_eq!(back.engagement_programs, plan.engagement_programs);
    }

    #[test]
    fn missing_buffers_and_bad_plans_are_refused_with_a_reason() {
        let plan = engine::generate::sample_plan();
        let (input, mut buffers) = prepare(&plan).unwrap();
        buffers.pop();
        assert!(load(&input, &buffers).unwrap_err().contains("buffers"));
        let (mut input, buffers) = prepare(&plan).unwrap();
        input.plan = input.plan.replacen("\"engagement_programs\"", "\"engagement_programmes\"", 1);
        assert!(!load(&input, &buffers).unwrap_err().is_empty());
    }
}
