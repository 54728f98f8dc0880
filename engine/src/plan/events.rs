//! Reading `events`: each `do` with exactly its fields, references checked,
//! R-CO-1/R-CO-2 on content, R-CA-10 on `set_cadence`, and R-EP-1 by replay.

use super::path::Path;
use super::read::Reader;
use super::validate::Activation;
use crate::model::{ContentId, EpId, Event, EventKind, PersonId, PersonPatch, StreamId};
use serde_json::Value;

pub(super) const KINDS: [&str; 12] = [
    "add_member",
    "remove_member",
    "pause",
    "resume",
    "move",
    "set_person",
    "add_content",
    "remove_content",
    "move_content",
    "set_content",
    "set_cadence",
    "set_program_active",
];

/// The fields of each `do`, `at` and `do` included.
pub(super) fn fields_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "add_member" => &["at", "do", "person", "program", "stream", "cadence"],
        "remove_member" | "pause" | "resume" => &["at", "do", "person", "program"],
        "move" => &["at", "do", "person", "program", "stream"],
        "set_person" => &[
            "at",
            "do",
            "person",
            "email",
            "time_zone",
            "unsubscribed",
            "marketing_suspended",
            "email_invalid",
            "attributes",
        ],
        "add_content" => &["at", "do", "program", "stream", "content", "to_index"],
        "remove_content" => &["at", "do", "program", "stream", "content"],
        "move_content" => &["at", "do", "program", "stream", "content", "to_index"],
        "set_content" => {
            &["at", "do", "program", "stream", "content", "active", "archived", "available_from", "available_through"]
        }
        "set_cadence" => &["at", "do", "program", "stream", "cadence"],
        "set_program_active" => &["at", "do", "program", "active"],
        _ => &["at", "do"],
    }
}

impl<'v> Reader<'v> {
    pub fn events(&mut self, v: &'v Value, path: &Path) -> Option<Vec<Event>> {
        let mut activations = Vec::new();
        let events = self.list(v, path, |r, x, p, i| {
            let e = r.event(x, p);
            if let Some(Event { at, kind: EventKind::SetProgramActive { active, .. } }) = &e {
                if let Some(program) = x.get("program").and_then(Value::as_str) {
                    activations.push(Activation { event: i, at: *at, program, active: *active });
                }
            }
            e
        });
        self.check_activations(path, activations);
        events
    }

    fn event(&mut self, v: &'v Value, path: &Path) -> Option<Event> {
        let Value::Object(o) = v else {
            self.type_err(v, path, "an event object");
            return None;
        };
        let at = self.req(o, path, "at", Self::instant);
        let kind = self.req(o, path, "do", |r, x, p| r.word(x, p, "do", &KINDS));
        let kind = kind?;
        self.unknown_fields(o, path, fields_of(kind));
        let ep = |r: &mut Self| {
            let id = r.req(o, path, "program", Self::id);
            if let Some(id) = id {
                r.check_ep(id, &path.key("program"));
            }
            id
        };
        let person = |r: &mut Self| {
            let id = r.req(o, path, "person", Self::id);
            if let Some(id) = id {
                r.check_person(id, &path.key("person"));
            }
            id
        };
        let stream = |r: &mut Self, ep: Option<&str>| {
            let id = r.req(o, path, "stream", Self::id);
            if let Some(id) = id {
                r.check_stream(id, ep, &path.key("stream"), None);
            }
            id
        };
        let content_id = |r: &mut Self| {
            let id = r.req(o, path, "content", Self::id);
            if let Some(id) = id {
                r.check_content_id(id, &path.key("content"));
            }
            id
        };
        let to_index = |r: &mut Self, x: &'v Value, p: &Path| {
            r.integer(x, p, 0, u64::MAX, None).and_then(|n| usize::try_from(n).ok())
        };
        let kind = match kind {
            "add_member" | "move" => {
                let person = person(self);
                let program = ep(self);
                let stream = stream(self, program);
                let cadence =
                    if kind == "add_member" { self.opt(o, path, "cadence", Self::person_cadence) } else { None };
                let (person, program, stream) = (PersonId::new(person?), EpId::new(program?), StreamId::new(stream?));
                if kind == "move" {
                    EventKind::Move { person, program, stream }
                } else {
                    EventKind::AddMember { person, program, stream, cadence: cadence.unwrap_or_default() }
                }
            }
            "remove_member" | "pause" | "resume" => {
                let person = PersonId::new(person(self)?);
                let program = EpId::new(ep(self)?);
                match kind {
                    "remove_member" => EventKind::RemoveMember { person, program },
                    "pause" => EventKind::Pause { person, program },
                    _ => EventKind::Resume { person, program },
                }
            }
            "set_person" => {
                let person = person(self);
                let patch = PersonPatch {
                    email: self.nullable(o, path, "email", Self::owned_string),
                    time_zone: self.nullable(o, path, "time_zone", Self::zone),
                    unsubscribed: self.opt(o, path, "unsubscribed", Self::boolean),
                    marketing_suspended: self.opt(o, path, "marketing_suspended", Self::boolean),
                    email_invalid: self.opt(o, path, "email_invalid", Self::boolean),
                    attributes: self.opt(o, path, "attributes", Self::attributes).unwrap_or_default(),
                };
                EventKind::SetPerson { person: PersonId::new(person?), patch }
            }
            "add_content" => {
                let program = ep(self);
                let stream = stream(self, program);
                let item = self.req(o, path, "content", |r, x, p| r.content_item(x, p, Some(path)));
                let to_index = self.opt(o, path, "to_index", to_index);
                EventKind::AddContent {
                    program: EpId::new(program?),
                    stream: StreamId::new(stream?),
                    item: item?,
                    to_index,
                }
            }
            "remove_content" | "move_content" => {
                let program = ep(self);
                let stream = stream(self, program);
                let content = content_id(self);
                let to_index = if kind == "move_content" { self.req(o, path, "to_index", to_index) } else { None };
                let (program, stream, content) =
                    (EpId::new(program?), StreamId::new(stream?), ContentId::new(content?));
                if kind == "move_content" {
                    EventKind::MoveContent { program, stream, content, to_index: to_index? }
                } else {
                    EventKind::RemoveContent { program, stream, content }
                }
            }
            "set_content" => {
                let program = ep(self);
                let stream = stream(self, program);
                let content = content_id(self);
                let active = self.opt(o, path, "active", Self::boolean);
                let archived = self.opt(o, path, "archived", Self::boolean);
                let available_from = self.nullable(o, path, "available_from", Self::date);
                let available_through = self.nullable(o, path, "available_through", Self::date);
                if let (Some(Some(f)), Some(Some(t))) = (available_from, available_through) {
                    if t < f {
                        self.err(
                            &path.key("available_through"),
                            format!(
                                "available_through {} is before available_from {}",
                                crate::time::format_date(t),
                                crate::time::format_date(f)
                            ),
                        );
                    }
                }
                if let Some(id) = content {
                    if active == Some(true) {
                        // Setting an item active is R-CO-2's business; R-CO-1
                        // items cannot be in a stream in the first place.
                        self.check_email_activation(id, path);
                    }
                }
                EventKind::SetContent {
                    program: EpId::new(program?),
                    stream: StreamId::new(stream?),
                    content: ContentId::new(content?),
                    active,
                    archived,
                    available_from,
                    available_through,
                }
            }
            "set_cadence" => {
                let program = ep(self);
                let stream = stream(self, program);
                let cadence = self.req_nullable(o, path, "cadence", Self::cadence);
                if let (Some(Some(c)), Some(at)) = (cadence, at) {
                    self.check_rtz_notice(&c, at, path);
                }
                EventKind::SetCadence {
                    program: EpId::new(program?),
                    stream: StreamId::new(stream?),
                    cadence: cadence?,
                }
            }
            _ => {
                let program = ep(self);
                let active = self.req(o, path, "active", Self::boolean);
                EventKind::SetProgramActive { program: EpId::new(program?), active: active? }
            }
        };
        Some(Event { at: at?, kind })
    }
}
