//! Reading the top level: `format`, `version`, the workspace, emails,
//! programs, people, memberships, history, behaviour and the simulation
//! window (engagement programs are in `streams.rs`, events in `events.rs`).

use super::index::ContentDef;
use super::path::Path;
use super::read::{Obj, Reader};
use crate::model::{
    Behavior, Benchmarks, CommunicationLimits, ContentId, ContentProgram, Email, EpId, HistoryEntry, Membership,
    Multiplier, Person, PersonCadence, PersonId, Plan, Probabilities, ProgramHistoryEntry, ProgramKind, ProgramStatus,
    SimulationWindow, StreamId, WeekStart, Workspace, FORMAT_NAME,
};
use crate::time::Instant;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

pub(super) const TOP_FIELDS: [&str; 13] = [
    "format",
    "version",
    "workspace",
    "emails",
    "programs",
    "engagement_programs",
    "people",
    "memberships",
    "history",
    "program_history",
    "behavior",
    "events",
    "simulation",
];
const WORKSPACE_FIELDS: [&str; 5] = ["name", "time_zone", "week_start", "communication_limits", "score_benchmarks"];
const LIMIT_FIELDS: [&str; 3] = ["enforced", "per_day", "per_7_days"];
const BENCHMARK_FIELDS: [&str; 4] = ["open", "click", "unsubscribe", "success"];
const EMAIL_FIELDS: [&str; 5] = ["id", "name", "subject", "approved", "operational"];
const PROGRAM_FIELDS: [&str; 4] = ["id", "name", "kind", "audience"];
const PERSON_FIELDS: [&str; 7] =
    ["id", "email", "time_zone", "unsubscribed", "marketing_suspended", "email_invalid", "attributes"];
const MEMBERSHIP_FIELDS: [&str; 5] = ["person", "program", "stream", "cadence", "added_at"];
const HISTORY_FIELDS: [&str; 6] = ["person", "email", "at", "engagement", "opened", "clicked"];
const PROGRAM_HISTORY_FIELDS: [&str; 4] = ["person", "program", "status", "at"];
const BEHAVIOR_FIELDS: [&str; 4] = ["seed", "default", "content", "multipliers"];
const PROBABILITY_FIELDS: [&str; 4] = ["open", "click", "unsubscribe", "success"];
const MULTIPLIER_FIELDS: [&str; 5] = ["when", "open", "click", "unsubscribe", "success"];
const SIMULATION_FIELDS: [&str; 2] = ["start", "end"];

impl<'v> Reader<'v> {
    pub fn plan(&mut self, o: &'v Obj) -> Option<Plan> {
        let root = Path::ROOT;
        self.unknown_fields(o, &root, &TOP_FIELDS);
        let format = self.req(o, &root, "format", |r, v, p| {
            let s = r.string(v, p)?;
            if s != FORMAT_NAME {
                r.err(p, format!("unknown format {s:?} (expected {FORMAT_NAME:?})"));
                return None;
            }
            Some(())
        });
        // A version newer than FORMAT_VERSION never gets here (see `read_plan`).
        let version = self.req(o, &root, "version", |r, v, p| r.integer(v, p, 1, u64::MAX, None));
        let workspace = self.req(o, &root, "workspace", Self::workspace);
        let emails = self.opt(o, &root, "emails", |r, v, p| r.list(v, p, |r, x, xp, i| r.email(x, xp, i)));
        let programs = self.opt(o, &root, "programs", |r, v, p| r.list(v, p, |r, x, xp, i| r.program(x, xp, i)));
        let eps = self.opt(o, &root, "engagement_programs", Self::engagement_programs);
        let people = match self.pre.people.take() {
            Some(read) => Some(read),
            None => self.opt(o, &root, "people", |r, v, p| r.list(v, p, |r, x, xp, i| r.person(x, xp, i))),
        };
        let memberships = match self.pre.memberships.take() {
            Some(read) => Some(read),
            None => self.opt(o, &root, "memberships", Self::memberships),
        };
        let history = self.opt(o, &root, "history", |r, v, p| r.list(v, p, |r, x, xp, _| r.history_entry(x, xp)));
        let program_history =
            self.opt(o, &root, "program_history", |r, v, p| r.list(v, p, |r, x, xp, _| r.program_history_entry(x, xp)));
        let behavior = self.opt(o, &root, "behavior", Self::behavior);
        let events = self.opt(o, &root, "events", Self::events);
        let simulation = self.opt(o, &root, "simulation", Self::simulation);
        format?;
        version?;
        Some(Plan {
            workspace: workspace?,
            emails: emails.unwrap_or_default(),
            programs: programs.unwrap_or_default(),
            engagement_programs: eps.unwrap_or_default(),
            people: people.unwrap_or_default(),
            memberships: memberships.unwrap_or_default(),
            history: history.unwrap_or_default(),
            program_history: program_history.unwrap_or_default(),
            behavior,
            events: events.unwrap_or_default(),
            simulation,
        })
    }

    fn workspace(&mut self, v: &'v Value, path: &Path) -> Option<Workspace> {
        let o = self.object(v, path, &WORKSPACE_FIELDS)?;
        let name = self.opt(o, path, "name", Self::owned_string);
        let time_zone = self.opt(o, path, "time_zone", Self::zone);
        let week_start = self.opt(o, path, "week_start", |r, x, p| {
            r.word(x, p, "week_start", &["sunday", "monday"]).map(|w| {
                if w == "monday" {
                    WeekStart::Monday
                } else {
                    WeekStart::Sunday
                }
            })
        });
        let communication_limits = self.opt(o, path, "communication_limits", |r, x, p| {
            let o = r.object(x, p, &LIMIT_FIELDS)?;
            let limit = |r: &mut Self, x: &'v Value, p: &Path| {
                r.integer(x, p, 1, u64::from(u32::MAX), Some("R-LIM-1")).and_then(|n| u32::try_from(n).ok())
            };
            Some(CommunicationLimits {
                enforced: r.opt(o, p, "enforced", Self::boolean).unwrap_or(false),
                per_day: r.opt(o, p, "per_day", limit),
                per_7_days: r.opt(o, p, "per_7_days", limit),
            })
        });
        let score_benchmarks = self.opt(o, path, "score_benchmarks", |r, x, p| {
            let o = r.object(x, p, &BENCHMARK_FIELDS)?;
            let d = Benchmarks::default();
            Some(Benchmarks {
                open: r.opt(o, p, "open", Self::positive).unwrap_or(d.open),
                click: r.opt(o, p, "click", Self::positive).unwrap_or(d.click),
                unsubscribe: r.opt(o, p, "unsubscribe", Self::positive).unwrap_or(d.unsubscribe),
                success: r.opt(o, p, "success", Self::positive).unwrap_or(d.success),
            })
        });
        let d = Workspace::default();
        Some(Workspace {
            name,
            time_zone: time_zone.unwrap_or(d.time_zone),
            week_start: week_start.unwrap_or(d.week_start),
            communication_limits,
            score_benchmarks: score_benchmarks.unwrap_or(d.score_benchmarks),
        })
    }

    /// Reports `id` when an earlier email or program already has it.
    fn check_content_def(&mut self, id: &str, path: &Path, this: ContentDef) {
        let first = self.index.content.get(id).copied();
        let same = match (first, this) {
            (Some(ContentDef::Email { index: a, .. }), ContentDef::Email { index: b, .. }) => a == b,
            (Some(ContentDef::Program { index: a }), ContentDef::Program { index: b }) => a == b,
            (None, _) => true,
            _ => false,
        };
        if !same {
            let by = match first {
                Some(ContentDef::Email { index, .. }) => format!("emails[{index}]"),
                Some(ContentDef::Program { index }) => format!("programs[{index}]"),
                None => String::new(),
            };
            self.err(path, format!("id {id:?} is already used by {by} (email and program ids are unique together)"));
        }
    }

    fn email(&mut self, v: &'v Value, path: &Path, i: usize) -> Option<Email> {
        let o = self.object(v, path, &EMAIL_FIELDS)?;
        let id = self.req(o, path, "id", Self::id);
        if let Some(id) = id {
            let this = ContentDef::Email { index: i, approved: None, operational: None };
            self.check_content_def(id, &path.key("id"), this);
        }
        Some(Email {
            name: self.opt(o, path, "name", Self::owned_string),
            subject: self.opt(o, path, "subject", Self::owned_string),
            approved: self.opt(o, path, "approved", Self::boolean).unwrap_or(false),
            operational: self.opt(o, path, "operational", Self::boolean).unwrap_or(false),
            id: ContentId::new(id?),
        })
    }

    fn program(&mut self, v: &'v Value, path: &Path, i: usize) -> Option<ContentProgram> {
        let o = self.object(v, path, &PROGRAM_FIELDS)?;
        let id = self.req(o, path, "id", Self::id);
        if let Some(id) = id {
            self.check_content_def(id, &path.key("id"), ContentDef::Program { index: i });
        }
        let name = self.opt(o, path, "name", Self::owned_string);
        let kind = self.opt(o, path, "kind", |r, x, p| {
            r.word(x, p, "kind", &["default", "event"]).map(|k| {
                if k == "event" {
                    ProgramKind::Event
                } else {
                    ProgramKind::Default
                }
            })
        });
        let audience = self.opt(o, path, "audience", Self::condition);
        if o.get("audience").is_some_and(|a| !a.is_null()) && audience.is_none() {
            return None;
        }
        Some(ContentProgram { id: ContentId::new(id?), name, kind: kind.unwrap_or_default(), audience })
    }

    fn person(&mut self, v: &'v Value, path: &Path, i: usize) -> Option<Person> {
        let o = self.object(v, path, &PERSON_FIELDS)?;
        let id = self.req(o, path, "id", Self::id);
        if let Some(id) = id {
            if let Some(first) = self.index.people.get(id).copied().filter(|f| *f != i) {
                self.err(&path.key("id"), format!("person id {id:?} is already used by people[{first}]"));
            }
        }
        Some(Person {
            email: self.opt(o, path, "email", Self::owned_string),
            time_zone: self.nullable(o, path, "time_zone", Self::zone).flatten(),
            unsubscribed: self.opt(o, path, "unsubscribed", Self::boolean).unwrap_or(false),
            marketing_suspended: self.opt(o, path, "marketing_suspended", Self::boolean).unwrap_or(false),
            email_invalid: self.opt(o, path, "email_invalid", Self::boolean).unwrap_or(false),
            attributes: self.opt(o, path, "attributes", Self::attributes).unwrap_or_default(),
            id: PersonId::new(id?),
        })
    }

    /// `memberships`, with R-ME-1 (one membership per person and EP).
    fn memberships(&mut self, v: &'v Value, path: &Path) -> Option<Vec<Membership>> {
        let mut seen: HashSet<(&'v str, &'v str)> = HashSet::new();
        self.list(v, path, |r, x, p, _| {
            let m = r.membership(x, p);
            let person = x.get("person").and_then(Value::as_str);
            let program = x.get("program").and_then(Value::as_str);
            if let (Some(person), Some(program)) = (person, program) {
                if !seen.insert((person, program)) {
                    r.rule_err(p, format!("person {person:?} is already in {program}"), "R-ME-1");
                }
            }
            m
        })
    }

    fn membership(&mut self, v: &'v Value, path: &Path) -> Option<Membership> {
        let o = self.object(v, path, &MEMBERSHIP_FIELDS)?;
        let person = self.req(o, path, "person", Self::id);
        if let Some(id) = person {
            self.check_person(id, &path.key("person"));
        }
        let program = self.req(o, path, "program", Self::id);
        if let Some(id) = program {
            self.check_ep(id, &path.key("program"));
        }
        let stream = self.req(o, path, "stream", Self::id);
        if let Some(id) = stream {
            self.check_stream(id, program, &path.key("stream"), None);
        }
        let cadence = self.opt(o, path, "cadence", Self::person_cadence);
        let added_at = self.req(o, path, "added_at", Self::instant);
        Some(Membership {
            person: PersonId::new(person?),
            program: EpId::new(program?),
            stream: StreamId::new(stream?),
            cadence: cadence.unwrap_or_default(),
            added_at: added_at?,
        })
    }

    pub fn person_cadence(&mut self, v: &'v Value, path: &Path) -> Option<PersonCadence> {
        self.word(v, path, "cadence", &["normal", "paused"]).map(|c| {
            if c == "paused" {
                PersonCadence::Paused
            } else {
                PersonCadence::Normal
            }
        })
    }

    /// A history `at`: before `simulation.start` when both exist.
    fn history_at(&mut self, v: &'v Value, path: &Path) -> Option<Instant> {
        let at = self.instant(v, path)?;
        if let Some(start) = self.index.sim_start {
            if at >= start {
                self.err(path, format!("at {at} is not before simulation.start {start}"));
                return None;
            }
        }
        Some(at)
    }

    fn history_entry(&mut self, v: &'v Value, path: &Path) -> Option<HistoryEntry> {
        let o = self.object(v, path, &HISTORY_FIELDS)?;
        let person = self.req(o, path, "person", Self::id);
        if let Some(id) = person {
            self.check_person(id, &path.key("person"));
        }
        let email = self.req(o, path, "email", Self::id);
        if let Some(id) = email {
            self.check_email(id, &path.key("email"), None);
        }
        let at = self.opt(o, path, "at", Self::history_at);
        if o.get("at").is_some() && at.is_none() {
            return None;
        }
        Some(HistoryEntry {
            engagement: self.opt(o, path, "engagement", Self::boolean).unwrap_or(false),
            opened: self.opt(o, path, "opened", Self::boolean).unwrap_or(false),
            clicked: self.opt(o, path, "clicked", Self::boolean).unwrap_or(false),
            person: PersonId::new(person?),
            email: ContentId::new(email?),
            at,
        })
    }

    fn program_history_entry(&mut self, v: &'v Value, path: &Path) -> Option<ProgramHistoryEntry> {
        let o = self.object(v, path, &PROGRAM_HISTORY_FIELDS)?;
        let person = self.req(o, path, "person", Self::id);
        if let Some(id) = person {
            self.check_person(id, &path.key("person"));
        }
        let program = self.req(o, path, "program", Self::id);
        if let Some(id) = program {
            self.check_program(id, &path.key("program"), None);
        }
        let status = self.req(o, path, "status", |r, x, p| {
            r.word(x, p, "status", &["member", "success"]).map(|s| {
                if s == "success" {
                    ProgramStatus::Success
                } else {
                    ProgramStatus::Member
                }
            })
        });
        let at = self.opt(o, path, "at", Self::history_at);
        if o.get("at").is_some() && at.is_none() {
            return None;
        }
        Some(ProgramHistoryEntry {
            person: PersonId::new(person?),
            program: ContentId::new(program?),
            status: status?,
            at,
        })
    }

    fn probabilities(&mut self, v: &'v Value, path: &Path) -> Option<Probabilities> {
        let o = self.object(v, path, &PROBABILITY_FIELDS)?;
        self.factors(o, path)
    }

    /// `open`, `click`, `unsubscribe`, `success` of `o`, each finite ≥ 0.
    fn factors(&mut self, o: &'v Obj, path: &Path) -> Option<Probabilities> {
        let mut ok = true;
        let mut get = |r: &mut Self, key: &str| {
            let x = r.opt(o, path, key, Self::non_negative);
            ok &= x.is_some() || !o.contains_key(key);
            x
        };
        let p = Probabilities {
            open: get(self, "open"),
            click: get(self, "click"),
            unsubscribe: get(self, "unsubscribe"),
            success: get(self, "success"),
        };
        ok.then_some(p)
    }

    fn behavior(&mut self, v: &'v Value, path: &Path) -> Option<Behavior> {
        let o = self.object(v, path, &BEHAVIOR_FIELDS)?;
        let seed = self.opt(o, path, "seed", |r, x, p| r.integer(x, p, 0, u64::MAX, Some("R-BH-2")));
        let default = self.opt(o, path, "default", Self::probabilities);
        let content = self.opt(o, path, "content", |r, x, p| {
            let Value::Object(map) = x else {
                r.type_err(x, p, "an object mapping content ids to probabilities");
                return None;
            };
            let mut out = BTreeMap::new();
            let mut ok = true;
            for (k, pv) in map {
                let kp = p.key(k);
                r.check_content_id(k, &kp);
                match r.probabilities(pv, &kp) {
                    Some(probs) => {
                        out.insert(ContentId::new(k.as_str()), probs);
                    }
                    None => ok = false,
                }
            }
            ok.then_some(out)
        });
        let multipliers = self.opt(o, path, "multipliers", |r, x, p| {
            r.list(x, p, |r, m, mp, _| {
                let o = r.object(m, mp, &MULTIPLIER_FIELDS)?;
                let when = r.req(o, mp, "when", Self::condition);
                let factors = r.factors(o, mp);
                Some(Multiplier { when: when?, factors: factors? })
            })
        });
        let bad = |key: &str, read: bool| o.get(key).is_some() && !read;
        if bad("seed", seed.is_some())
            || bad("default", default.is_some())
            || bad("content", content.is_some())
            || bad("multipliers", multipliers.is_some())
        {
            return None;
        }
        Some(Behavior {
            seed: seed.unwrap_or(0),
            default: default.unwrap_or_default(),
            content: content.unwrap_or_default(),
            multipliers: multipliers.unwrap_or_default(),
        })
    }

    fn simulation(&mut self, v: &'v Value, path: &Path) -> Option<SimulationWindow> {
        let o = self.object(v, path, &SIMULATION_FIELDS)?;
        let start = self.req(o, path, "start", Self::instant);
        let end = self.req(o, path, "end", Self::instant);
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                self.err(&path.key("end"), format!("end {e} is not after start {s}"));
                return None;
            }
        }
        Some(SimulationWindow { start: start?, end: end? })
    }
}
