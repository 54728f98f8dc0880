//! Cross-reference checks and the rules that span several parts of a plan:
//! unknown ids, duplicate ids, R-CO-1/R-CO-2 on content, R-EP-1 (with the
//! replay of `set_program_active` events) and R-CA-10.

use super::index::{ContentDef, StreamDef};
use super::path::Path;
use super::read::Reader;
use crate::model::Cadence;
use crate::time::{format_date, rtz_processing_instant, Instant};
use std::collections::HashMap;

/// R-EP-1.
pub const MAX_ACTIVE_PROGRAMS: usize = 100;
/// R-EP-3.
pub const MAX_STREAMS: usize = 25;
/// R-CA-10: hours between setting a recipient-time-zone cadence and the
/// processing instant of its first cast.
pub const RTZ_NOTICE_HOURS: i64 = 25;

/// A `set_program_active` event, kept for the R-EP-1 replay.
pub(super) struct Activation<'v> {
    pub event: usize,
    pub at: Instant,
    pub program: &'v str,
    pub active: bool,
}

impl<'v> Reader<'v> {
    /// `id` names an email (R-CD-2 when `rule` is given).
    pub fn check_email(&mut self, id: &str, path: &Path, rule: Option<&'static str>) {
        let msg = match self.index.content.get(id) {
            Some(ContentDef::Email { .. }) => return,
            Some(ContentDef::Program { .. }) => format!("{id:?} is a program, not an email"),
            None if !self.index.emails_ok => return,
            None => format!("unknown email {id:?}"),
        };
        self.report(path, msg, rule);
    }

    /// `id` names a content program (never an engagement program, R-CO-1).
    pub fn check_program(&mut self, id: &str, path: &Path, rule: Option<&'static str>) {
        let msg = match self.index.content.get(id) {
            Some(ContentDef::Program { .. }) => return,
            Some(ContentDef::Email { .. }) => format!("{id:?} is an email, not a program"),
            None if self.index.eps.contains_key(id) => {
                let m = format!("{id:?} is an engagement program; an engagement program is never content");
                self.rule_err(path, m, "R-CO-1");
                return;
            }
            None if !self.index.programs_ok => return,
            None => format!("unknown program {id:?}"),
        };
        self.report(path, msg, rule);
    }

    /// `id` names an email or a content program.
    pub fn check_content_id(&mut self, id: &str, path: &Path) {
        if self.index.content.contains_key(id) || !(self.index.emails_ok && self.index.programs_ok) {
            return;
        }
        if self.index.eps.contains_key(id) {
            let m = format!("{id:?} is an engagement program; an engagement program is never content");
            self.rule_err(path, m, "R-CO-1");
        } else {
            self.err(path, format!("unknown content {id:?} (expected an email or program id)"));
        }
    }

    /// `id` names an engagement program.
    pub fn check_ep(&mut self, id: &str, path: &Path) {
        if self.index.eps.contains_key(id) || !self.index.eps_ok {
            return;
        }
        match self.index.content.get(id) {
            Some(ContentDef::Program { .. }) => {
                self.err(path, format!("{id:?} is a content program, not an engagement program"))
            }
            _ => self.err(path, format!("unknown engagement program {id:?}")),
        }
    }

    /// `id` names a stream; with `ep`, a stream of that EP.
    pub fn check_stream(&mut self, id: &str, ep: Option<&str>, path: &Path, rule: Option<&'static str>) {
        match self.index.streams.get(id).copied() {
            None if self.index.eps_ok => self.report(path, format!("unknown stream {id:?}"), rule),
            None => {}
            Some(StreamDef { ep: Some(owner), .. }) => {
                if let Some(ep) = ep {
                    if owner != ep && self.index.eps.contains_key(ep) {
                        self.err(path, format!("stream {id:?} is not in {ep} (it is in {owner})"));
                    }
                }
            }
            Some(StreamDef { ep: None, .. }) => {}
        }
    }

    pub fn check_person(&mut self, id: &str, path: &Path) {
        if !self.index.people.contains_key(id) && self.index.people_ok {
            self.err(path, format!("unknown person {id:?}"));
        }
    }

    fn report(&mut self, path: &Path, msg: String, rule: Option<&'static str>) {
        match rule {
            Some(r) => self.rule_err(path, msg, r),
            None => self.err(path, msg),
        }
    }

    /// R-CO-1 and R-CO-2 for an email `id` placed as content (`active`:
    /// whether the item is active). Cited at `path`.
    pub fn check_email_as_content(&mut self, id: &str, active: bool, path: &Path) {
        if let Some(ContentDef::Email { operational: Some(true), .. }) = self.index.content.get(id) {
            self.rule_err(
                path,
                format!("email {id:?} is operational; engagement programs are not for operational emails"),
                "R-CO-1",
            );
        }
        if active {
            self.check_email_activation(id, path);
        }
    }

    /// R-CO-2: content `id`, being made active, must not be an unapproved
    /// email. Cited at `path`.
    pub fn check_email_activation(&mut self, id: &str, path: &Path) {
        if let Some(ContentDef::Email { approved: Some(false), .. }) = self.index.content.get(id) {
            self.rule_err(
                path,
                format!("email {id:?} is not approved; only an approved email can be active"),
                "R-CO-2",
            );
        }
    }

    /// R-CA-10 for a `set_cadence` event at `at`.
    pub fn check_rtz_notice(&mut self, cadence: &Cadence, at: Instant, path: &Path) {
        if !cadence.recipient_time_zone {
            return;
        }
        let processing = rtz_processing_instant(cadence.first_cast);
        if processing < at.plus_hours(RTZ_NOTICE_HOURS) {
            self.rule_err(
                path,
                format!(
                    "a recipient-time-zone cadence set at {at} must have its first cast processed at least \
                     {RTZ_NOTICE_HOURS} hours later; first_cast {} is processed at {processing}",
                    format_date(cadence.first_cast)
                ),
                "R-CA-10",
            );
        }
    }

    /// R-EP-1 over the events: replays `set_program_active` in `at` order
    /// (ties in file order) from the plan's active EPs, refusing each event
    /// that would make a 101st active.
    pub fn check_activations(&mut self, events_path: &Path, mut acts: Vec<Activation<'v>>) {
        acts.sort_by_key(|a| (a.at, a.event));
        let mut state: HashMap<&str, bool> = self.index.eps.iter().map(|(id, def)| (*id, def.active)).collect();
        let mut count = state.values().filter(|a| **a).count();
        for a in acts {
            let Some(current) = state.get_mut(a.program) else { continue };
            if a.active && !*current {
                if count >= MAX_ACTIVE_PROGRAMS {
                    self.rule_err(
                        &events_path.index(a.event),
                        format!(
                            "activating {} at {} would make more than {MAX_ACTIVE_PROGRAMS} active engagement programs",
                            a.program, a.at
                        ),
                        "R-EP-1",
                    );
                } else {
                    *current = true;
                    count += 1;
                }
            } else if !a.active && *current {
                *current = false;
                count -= 1;
            }
        }
    }
}
