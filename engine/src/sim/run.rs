//! The cast loop: one instant at a time, events, then transition rules, then
//! casts and deliveries (R-LIM-3).

use super::compile::{reaction_slot, Compiled, Ev, Item, Limits};
use super::cond::{AtomKind, Cond};
use super::draw::{person_key, uniform};
use super::outcome::{Outcome, Reactions, Row};
use super::sink::{Detail, Move, MoveCause, Sink, Skip, Why};
use super::state::{PersonBits, SendRing, Slot, NO_STREAM};
use super::stats::ScoreStats;
use crate::cadence;
use crate::model::{AttrValue, Cadence, Reaction};
use crate::time::{date_from_day_number, Instant, MICROS_PER_HOUR};
use chrono_tz::Tz;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// A recipient-time-zone delivery waiting for its instant (R-CA-7).
/// Ordered as R-LIM-3 processes them: instant, stream (EP and stream file
/// order), cast date, then person.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pending {
    at: Instant,
    stream: u32,
    day: i32,
    person: u32,
    content: u32,
}

/// How far a run has got, for progress bars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub now: Instant,
    pub start: Instant,
    pub end: Instant,
    pub casts_done: u64,
    pub person_casts: u64,
}

/// One membership as listed by `--state`, in list order.
pub struct MemberEntry {
    pub person: u32,
    pub ep: u32,
}

/// A running simulation. Create it with [`Simulation::new`], then call
/// [`Simulation::step`] until it returns `false` (or [`Simulation::run`]).
pub struct Simulation<'c, S: Sink> {
    pub(crate) c: &'c Compiled,
    pub sink: S,
    now: Instant,
    ep_active: Vec<bool>,
    cadence: Vec<Option<Cadence>>,
    items: Vec<Vec<Item>>,
    /// The next cast of each stream: (cast day, processing instant).
    next_cast: Vec<Option<(i32, Instant)>>,
    /// Days on which each stream has cast (R-CA-5, R-CA-9).
    cast_days: Vec<HashSet<i32>>,
    next_event: usize,
    pending: BinaryHeap<Reverse<Pending>>,

    n: u32,
    consumed: PersonBits,
    reserved: PersonBits,
    atoms: PersonBits,
    /// Per content: its atom bits by kind (received, opened, clicked,
    /// program member, program success).
    content_atoms: Vec<[Option<u32>; 5]>,
    /// Unsubscribed as of this instant (`i64::MAX`: not unsubscribed).
    unsub_at: Vec<i64>,
    has_email: Vec<bool>,
    suspended: Vec<bool>,
    invalid: Vec<bool>,
    tz: Vec<Option<Tz>>,
    attrs: Vec<Vec<Option<AttrValue>>>,
    sends: SendRing,
    person_key: Vec<u64>,
    /// `slots[ep][person]`.
    slots: Vec<Vec<Slot>>,
    pub(crate) members: Vec<MemberEntry>,
    pub(crate) stats: ScoreStats,
    /// (person, content) in the order consumed, when asked for (`--state`).
    pub(crate) journal: Option<Vec<(u32, u32)>>,
    why: Why,
    /// Whether any stream can reserve items (R-CA-7).
    any_rtz: bool,
    casts_done: u64,
    person_casts: u64,
}

fn atom_slot(k: AtomKind) -> usize {
    match k {
        AtomKind::Received => 0,
        AtomKind::Opened => 1,
        AtomKind::Clicked => 2,
        AtomKind::ProgramMember => 3,
        AtomKind::ProgramSuccess => 4,
    }
}

impl<'c, S: Sink> Simulation<'c, S> {
    /// Sets up the state of `[start, ...)`: memberships, history, and every
    /// event before `start` applied in order (plan-format "The simulation
    /// window").
    pub fn new(c: &'c Compiled, sink: S, keep_journal: bool) -> Self {
        let n = c.person_ids.len();
        let m = c.content.len();
        let mut content_atoms = vec![[None; 5]; m];
        for (bit, (kind, content)) in c.atoms.iter().enumerate() {
            content_atoms[*content as usize][atom_slot(*kind)] = Some(bit as u32);
        }
        let ring = c.limits.map_or(0, |l: Limits| {
            l.per_day.unwrap_or(0).max(l.per_7_days.unwrap_or(0)) as usize
        });
        let any_rtz = c.streams.iter().any(|s| s.cadence.is_some_and(|c| c.recipient_time_zone))
            || c.events.iter().any(|e| matches!(&e.ev, Ev::SetCadence { cadence: Some(c), .. } if c.recipient_time_zone));
        let seed = c.behavior.as_ref().map_or(0, |b| b.seed);
        let mut sim = Simulation {
            c,
            sink,
            now: Instant::MIN,
            ep_active: c.eps.iter().map(|e| e.active).collect(),
            cadence: c.streams.iter().map(|s| s.cadence).collect(),
            items: c.streams.iter().map(|s| s.items.clone()).collect(),
            next_cast: vec![None; c.streams.len()],
            cast_days: vec![HashSet::new(); c.streams.len()],
            next_event: 0,
            pending: BinaryHeap::new(),
            n: n as u32,
            consumed: PersonBits::new(n, m),
            reserved: PersonBits::new(if any_rtz { n } else { 0 }, m),
            atoms: PersonBits::new(n, c.atoms.len()),
            content_atoms,
            unsub_at: c.person_unsubscribed.iter().map(|&u| if u { i64::MIN } else { i64::MAX }).collect(),
            has_email: c.person_has_email.clone(),
            suspended: c.person_suspended.clone(),
            invalid: c.person_invalid.clone(),
            tz: c.person_tz.clone(),
            attrs: c.attr_columns.clone(),
            sends: SendRing::new(n, ring),
            person_key: c.person_fnv.iter().map(|&f| person_key(seed, f)).collect(),
            slots: vec![vec![Slot::EMPTY; n]; c.eps.len()],
            members: Vec::new(),
            stats: ScoreStats::default(),
            journal: keep_journal.then(Vec::new),
            why: Why::default(),
            any_rtz,
            casts_done: 0,
            person_casts: 0,
        };
        for m in &c.memberships {
            let slot = &mut sim.slots[m.ep as usize][m.person as usize];
            if slot.stream != NO_STREAM {
                continue; // a duplicate: the loader refuses it (R-ME-1)
            }
            *slot = Slot {
                stream: m.stream,
                paused: m.paused,
                exhausted: false,
                added_at: m.added_at,
                entered_at: m.added_at,
                entry: sim.members.len() as u32,
            };
            sim.members.push(MemberEntry { person: m.person, ep: m.ep });
        }
        let mut dated: Vec<(u32, i64)> = Vec::new();
        for h in &c.history {
            if h.engagement {
                sim.consume(h.person, h.content);
            }
            sim.set_atom(h.person, h.content, AtomKind::Received);
            if h.opened {
                sim.set_atom(h.person, h.content, AtomKind::Opened);
            }
            if h.clicked {
                sim.set_atom(h.person, h.content, AtomKind::Clicked);
            }
            if let Some(at) = h.at {
                dated.push((h.person, at.0));
            }
        }
        dated.sort_unstable();
        for (p, at) in dated {
            sim.sends.push(p, Instant(at));
        }
        for h in &c.program_history {
            sim.consume(h.person, h.content);
            sim.set_atom(h.person, h.content, AtomKind::ProgramMember);
            if h.success {
                sim.set_atom(h.person, h.content, AtomKind::ProgramSuccess);
            }
        }
        while sim.next_event < c.events.len() && c.events[sim.next_event].at < c.start {
            let e = &c.events[sim.next_event];
            sim.now = e.at;
            sim.apply_event(sim.next_event);
            sim.next_event += 1;
        }
        sim.now = c.start;
        for s in 0..c.streams.len() {
            sim.schedule_from(s, c.start);
        }
        sim
    }

    pub fn progress(&self) -> Progress {
        Progress {
            now: self.now,
            start: self.c.start,
            end: self.c.end,
            casts_done: self.casts_done,
            person_casts: self.person_casts,
        }
    }

    /// Runs to the end of the window.
    pub fn run(&mut self) {
        while self.step() {}
    }

    /// Totals so far.
    pub fn summary(&self) -> RunSummary {
        RunSummary {
            casts: self.casts_done,
            person_casts: self.person_casts,
            state_bytes_per_person: self.state_bytes_per_person(),
        }
    }

    /// Ends the run (after the last [`step`](Self::step)) and hands back the
    /// sink, every row delivered.
    pub fn into_sink(mut self) -> S {
        self.sink.advance(self.c.end);
        self.sink
    }

    /// Bytes of simulation state per person: bitsets, limit ring, flags and
    /// one membership slot per engagement program.
    pub fn state_bytes_per_person(&self) -> usize {
        self.consumed.bytes_per_person()
            + self.reserved.bytes_per_person()
            + self.atoms.bytes_per_person()
            + self.sends.bytes_per_person()
            + 8 // unsubscribed instant
            + 3 // blocking flags
            + self.slots.len() * std::mem::size_of::<Slot>()
    }

    /// The next instant with anything to do, if inside the window.
    fn next_instant(&self) -> Option<Instant> {
        let mut t = Instant::MAX;
        if let Some(e) = self.c.events.get(self.next_event) {
            t = t.min(e.at);
        }
        for (_, p) in self.next_cast.iter().flatten() {
            t = t.min(*p);
        }
        if let Some(Reverse(p)) = self.pending.peek() {
            t = t.min(p.at);
        }
        (t < self.c.end).then_some(t)
    }

    /// Processes the next instant. Returns `false` when the window is done.
    pub fn step(&mut self) -> bool {
        let Some(t) = self.next_instant() else {
            return false;
        };
        self.now = t;
        self.sink.advance(t);
        // (1) Events of t, in file order.
        while self.next_event < self.c.events.len() && self.c.events[self.next_event].at == t {
            self.apply_event(self.next_event);
            self.next_event += 1;
        }
        // Which streams cast at t: a cast of an inactive EP is lost (R-EP-2).
        let mut casting: Vec<(u32, i32)> = Vec::new();
        for s in 0..self.next_cast.len() {
            if let Some((day, p)) = self.next_cast[s] {
                if p == t {
                    if self.ep_active[self.c.streams[s].ep as usize] {
                        casting.push((s as u32, day));
                        self.cast_days[s].insert(day);
                    }
                    self.schedule_after(s, day);
                }
            }
        }
        // (2) Transition rules of every active EP casting at t (R-TR-2).
        let mut eps: Vec<u32> = casting.iter().map(|(s, _)| self.c.streams[*s as usize].ep).collect();
        eps.dedup();
        self.evaluate_rules(&eps, t);
        // (3) Casts and deliveries, by stream, then cast date, then person.
        let mut walks = casting.into_iter().peekable();
        loop {
            let next_delivery = self.pending.peek().filter(|p| p.0.at == t).map(|p| (p.0.stream, p.0.day));
            match (walks.peek().copied(), next_delivery) {
                (Some(w), Some(d)) if d < w => self.deliver_next(),
                (Some((s, day)), _) => {
                    walks.next();
                    self.walk(s, day, t);
                }
                (None, Some(_)) => self.deliver_next(),
                (None, None) => break,
            }
        }
        true
    }

    fn deliver_next(&mut self) {
        if let Some(Reverse(p)) = self.pending.pop() {
            self.reserved.clear(p.person, p.content);
            self.deliver(p.stream, p.day, p.person, p.content, p.at);
        }
    }

    /// Points `s` at its first cast whose processing instant is at or after
    /// `from` on a day it has not cast yet (R-CA-9).
    fn schedule_from(&mut self, s: usize, from: Instant) {
        self.next_cast[s] = None;
        let Some(cad) = self.cadence[s] else { return };
        // No processing instant lies more than two days before its date.
        let mut day = from.date_in(Tz::UTC) - chrono::Days::new(2);
        loop {
            let Some(d) = cadence::next_cast_date(&cad, self.c.week_start, day) else { return };
            let p = cadence::processing_instant(&cad, self.c.time_zone, d);
            let dn = super::compile::day_i32(d);
            if p >= from && !self.cast_days[s].contains(&dn) {
                self.next_cast[s] = Some((dn, p));
                return;
            }
            if p >= self.c.end {
                return;
            }
            day = d + chrono::Days::new(1);
        }
    }

    fn schedule_after(&mut self, s: usize, day: i32) {
        self.next_cast[s] = None;
        let Some(cad) = self.cadence[s] else { return };
        let mut from = date_from_day_number(i64::from(day) + 1);
        loop {
            let Some(d) = cadence::next_cast_date(&cad, self.c.week_start, from) else { return };
            let dn = super::compile::day_i32(d);
            if !self.cast_days[s].contains(&dn) {
                self.next_cast[s] = Some((dn, cadence::processing_instant(&cad, self.c.time_zone, d)));
                return;
            }
            from = d + chrono::Days::new(1);
        }
    }

    fn apply_event(&mut self, i: usize) {
        let e = &self.c.events[i];
        let t = e.at;
        match &e.ev {
            Ev::AddMember { person, ep, stream, paused } => {
                let slot = &mut self.slots[*ep as usize][*person as usize];
                if slot.stream == NO_STREAM {
                    *slot = Slot {
                        stream: *stream,
                        paused: *paused,
                        exhausted: false,
                        added_at: t,
                        entered_at: t,
                        entry: self.members.len() as u32,
                    };
                    self.members.push(super::run::MemberEntry { person: *person, ep: *ep });
                }
            }
            Ev::RemoveMember { person, ep } => {
                let slot = &mut self.slots[*ep as usize][*person as usize];
                if slot.member_at(t) {
                    *slot = Slot::EMPTY;
                }
            }
            Ev::Pause { person, ep, paused } => {
                let slot = &mut self.slots[*ep as usize][*person as usize];
                if slot.member_at(t) {
                    slot.paused = *paused;
                }
            }
            Ev::Move { person, ep, stream } => {
                let slot = &mut self.slots[*ep as usize][*person as usize];
                if slot.member_at(t) && slot.stream != *stream {
                    let from = slot.stream;
                    slot.stream = *stream;
                    slot.exhausted = false;
                    slot.entered_at = t;
                    let m = Move { at: t, ep: *ep, person: *person, from, to: *stream, cause: MoveCause::Event { index: e.index } };
                    self.sink.moved(&m);
                }
            }
            Ev::SetPerson { person, change } => {
                let p = *person as usize;
                if let Some(has) = change.email {
                    self.has_email[p] = has;
                }
                if let Some(tz) = change.time_zone {
                    self.tz[p] = tz;
                }
                match change.unsubscribed {
                    // Applied before the casts of t, so it blocks them.
                    Some(true) if self.unsub_at[p] == i64::MAX => self.unsub_at[p] = t.0 - 1,
                    Some(false) => self.unsub_at[p] = i64::MAX,
                    _ => {}
                }
                if let Some(v) = change.marketing_suspended {
                    self.suspended[p] = v;
                }
                if let Some(v) = change.email_invalid {
                    self.invalid[p] = v;
                }
                for (col, v) in &change.attributes {
                    self.attrs[*col as usize][p] = Some(v.clone());
                }
            }
            Ev::AddContent { stream, item, to_index } => {
                let items = &mut self.items[*stream as usize];
                if items.iter().all(|it| it.content != item.content) {
                    let at = to_index.unwrap_or(items.len()).min(items.len());
                    items.insert(at, *item);
                }
            }
            Ev::RemoveContent { stream, content } => {
                let items = &mut self.items[*stream as usize];
                if let Some(i) = items.iter().position(|it| it.content == *content) {
                    items.remove(i);
                    // R-CO-5: its stream statistics go with it.
                    self.stats.remove(*stream, *content);
                }
            }
            Ev::MoveContent { stream, content, to_index } => {
                let items = &mut self.items[*stream as usize];
                if let Some(i) = items.iter().position(|it| it.content == *content) {
                    let it = items.remove(i);
                    let at = (*to_index).min(items.len());
                    items.insert(at, it);
                }
            }
            Ev::SetContent { stream, content, active, archived, from_day, through_day } => {
                let items = &mut self.items[*stream as usize];
                if let Some(it) = items.iter_mut().find(|it| it.content == *content) {
                    // R-CO-4: `archived` first; unarchiving brings it back inactive.
                    match archived {
                        Some(false) if it.archived => {
                            it.archived = false;
                            it.active = false;
                        }
                        Some(a) => it.archived = *a,
                        None => {}
                    }
                    if let Some(a) = active {
                        it.active = *a;
                    }
                    if let Some(f) = from_day {
                        it.from_day = *f;
                    }
                    if let Some(th) = through_day {
                        it.through_day = *th;
                    }
                }
            }
            Ev::SetCadence { stream, cadence } => {
                let s = *stream as usize;
                self.cadence[s] = *cadence;
                self.schedule_from(s, t.max(self.c.start));
            }
            Ev::SetEpActive { ep, active } => {
                self.ep_active[*ep as usize] = *active;
            }
        }
    }

    /// R-TR-2 for the given EPs at `t`, all against the state before any
    /// move of `t` (R-LIM-3: one EP's moves are not seen by another's rules).
    fn evaluate_rules(&mut self, eps: &[u32], t: Instant) {
        let mut moves: Vec<(u32, u32, u32, u32)> = Vec::new();
        for &ep in eps {
            let streams = &self.c.eps[ep as usize].streams;
            if streams.iter().all(|&s| self.c.streams[s as usize].rules.is_empty()) {
                continue;
            }
            for p in 0..self.n {
                let slot = self.slots[ep as usize][p as usize];
                if !slot.member_at(t) {
                    continue;
                }
                'streams: for &s in streams {
                    for (ri, rule) in self.c.streams[s as usize].rules.iter().enumerate() {
                        if self.holds(rule, p, t, ep) {
                            if s != slot.stream {
                                moves.push((ep, p, s, ri as u32));
                            }
                            break 'streams;
                        }
                    }
                }
            }
        }
        for (ep, p, to, rule) in moves {
            let slot = &mut self.slots[ep as usize][p as usize];
            let from = slot.stream;
            slot.stream = to;
            slot.exhausted = false;
            // R-TR-3: just before t, unless the person entered the EP at t.
            slot.entered_at = if slot.added_at == t { t } else { Instant(t.0 - 1) };
            self.sink.moved(&Move { at: t, ep, person: p, from, to, cause: MoveCause::Rule { rule } });
        }
    }

    /// Evaluates a compiled condition for person `p` at `t`; `ep` is the
    /// context of `exhausted` (R-CD-4).
    pub(crate) fn holds(&self, c: &Cond, p: u32, t: Instant, ep: u32) -> bool {
        match c {
            Cond::All(cs) => cs.iter().all(|c| self.holds(c, p, t, ep)),
            Cond::Any(cs) => cs.iter().any(|c| self.holds(c, p, t, ep)),
            Cond::Not(c) => !self.holds(c, p, t, ep),
            Cond::Attr { column, op } => op.holds(self.attrs[*column as usize][p as usize].as_ref()),
            Cond::Atom(bit) => self.atoms.get(p, *bit),
            Cond::Exhausted(v) => {
                let slot = &self.slots[ep as usize][p as usize];
                (slot.member_at(t) && slot.exhausted) == *v
            }
            Cond::InStream { ep, stream } => {
                let slot = &self.slots[*ep as usize][p as usize];
                slot.member_at(t) && slot.stream == *stream
            }
            Cond::Unsubscribed(v) => (self.unsub_at[p as usize] <= t.0) == *v,
        }
    }

    fn set_atom(&mut self, p: u32, content: u32, kind: AtomKind) {
        if let Some(bit) = self.content_atoms[content as usize][atom_slot(kind)] {
            self.atoms.set(p, bit);
        }
    }

    fn consume(&mut self, p: u32, content: u32) {
        if !self.consumed.get(p, content) {
            self.consumed.set(p, content);
            if let Some(j) = &mut self.journal {
                j.push((p, content));
            }
        }
    }

    fn emit(&mut self, row: Row, reactions: Reactions) {
        if row.at < self.c.end {
            self.sink.row(&row, reactions, &self.why);
        }
    }

    /// The cast of stream `s` for cast day `day`, processed at `t` (R-CS-1).
    fn walk(&mut self, s: u32, day: i32, t: Instant) {
        self.casts_done += 1;
        let c = self.c;
        let info = &c.streams[s as usize];
        let ep = info.ep;
        let Some(cad) = self.cadence[s as usize] else { return };
        let rtz = cad.recipient_time_zone;
        let date = date_from_day_number(i64::from(day));
        // Items that pass the per-cast checks (R-CS-2), in priority order.
        let candidates: Vec<u32> = self.items[s as usize]
            .iter()
            .filter(|it| it.active && !it.archived && it.available_on(day))
            .map(|it| it.content)
            .collect();
        let program_at = if rtz { cadence::delivery_instant(&cad, c.time_zone, None, date, true) } else { t };
        for p in 0..self.n {
            let slot = self.slots[ep as usize][p as usize];
            if slot.stream != s || slot.entered_at >= t {
                continue;
            }
            self.person_casts += 1;
            let email_at = if rtz {
                cadence::delivery_instant(&cad, c.time_zone, self.tz[p as usize], date, false)
            } else {
                t
            };
            let base = Row { at: email_at, ep, stream: s, person: p, content: None, outcome: Outcome::Paused, cast_day: day };
            if S::TRACE {
                self.why = Why::default();
            }
            if slot.paused {
                self.emit(base, Reactions::default());
                continue;
            }
            let mut found = None;
            if S::TRACE {
                found = self.trace_walk(s, day, p);
            } else {
                for &content in &candidates {
                    if !self.consumed.get(p, content) && !(self.any_rtz && self.reserved.get(p, content)) {
                        found = Some(content);
                        break;
                    }
                }
            }
            let Some(content) = found else {
                self.slots[ep as usize][p as usize].exhausted = true;
                self.emit(Row { outcome: Outcome::Exhausted, ..base }, Reactions::default());
                continue;
            };
            self.slots[ep as usize][p as usize].exhausted = false;
            if rtz {
                self.reserved.set(p, content);
                let at = if c.content[content as usize].is_program { program_at } else { email_at };
                self.pending.push(Reverse(Pending { at, stream: s, day, person: p, content }));
            } else {
                self.deliver(s, day, p, content, t);
            }
        }
    }

    /// The walk with every passed-over item recorded (explain).
    fn trace_walk(&mut self, s: u32, day: i32, p: u32) -> Option<u32> {
        let mut skipped = Vec::new();
        let mut found = None;
        for it in &self.items[s as usize] {
            let why = if it.archived {
                Skip::Archived
            } else if !it.active {
                Skip::Inactive
            } else if !it.available_on(day) {
                Skip::OutsideWindow
            } else if self.consumed.get(p, it.content) {
                Skip::Consumed
            } else if self.reserved.get(p, it.content) {
                Skip::Reserved
            } else {
                found = Some(it.content);
                break;
            };
            skipped.push((it.content, why));
        }
        self.why.skipped = skipped;
        found
    }

    /// Delivers `content` to `p` at `at` for the cast (`s`, `day`):
    /// R-CS-6 for an email, R-CS-7 for a program, then the draws of R-BH-1.
    fn deliver(&mut self, s: u32, day: i32, p: u32, content: u32, at: Instant) {
        let c = self.c;
        let ep = c.streams[s as usize].ep;
        let row = Row { at, ep, stream: s, person: p, content: Some(content), outcome: Outcome::Sent, cast_day: day };
        let mut reactions = Reactions::default();
        if c.content[content as usize].is_program {
            let passes = match &c.content[content as usize].audience {
                None => true,
                Some(a) => self.holds(a, p, at, ep),
            };
            self.consume(p, content);
            if !passes {
                if S::TRACE {
                    self.why.detail = Detail::AudienceFailed;
                }
                self.emit(Row { outcome: Outcome::ProgramFiltered, ..row }, reactions);
                return;
            }
            self.set_atom(p, content, AtomKind::ProgramMember);
            if self.draw(p, content, at, ep, Reaction::Success) {
                reactions.succeeded = true;
                self.set_atom(p, content, AtomKind::ProgramSuccess);
            }
            if self.draw(p, content, at, ep, Reaction::Unsubscribe) {
                reactions.unsubscribed = true;
                self.unsubscribe(p, at);
            }
            self.stats.record(s, content, day, at, reactions, true);
            self.emit(Row { outcome: Outcome::ProgramEntered, ..row }, reactions);
            return;
        }
        if let Some(detail) = self.blocked(p, at) {
            if S::TRACE {
                self.why.detail = detail;
            }
            self.emit(Row { outcome: Outcome::BlockedPerson, ..row }, reactions);
            return;
        }
        if let Some(detail) = self.over_limit(p, at) {
            if S::TRACE {
                self.why.detail = detail;
            }
            self.emit(Row { outcome: Outcome::BlockedLimit, ..row }, reactions);
            return;
        }
        self.consume(p, content);
        self.set_atom(p, content, AtomKind::Received);
        self.sends.push(p, at);
        if self.draw(p, content, at, ep, Reaction::Open) {
            reactions.opened = true;
            self.set_atom(p, content, AtomKind::Opened);
            if self.draw(p, content, at, ep, Reaction::Click) {
                reactions.clicked = true;
                self.set_atom(p, content, AtomKind::Clicked);
            }
        }
        if self.draw(p, content, at, ep, Reaction::Unsubscribe) {
            reactions.unsubscribed = true;
            self.unsubscribe(p, at);
        }
        self.stats.record(s, content, day, at, reactions, false);
        self.emit(row, reactions);
    }

    fn unsubscribe(&mut self, p: u32, at: Instant) {
        let u = &mut self.unsub_at[p as usize];
        *u = (*u).min(at.0);
    }

    /// R-CS-6: why `p` cannot be emailed at `at`, if they cannot.
    fn blocked(&self, p: u32, at: Instant) -> Option<Detail> {
        let i = p as usize;
        if !self.has_email[i] {
            Some(Detail::NoEmailAddress)
        } else if self.unsub_at[i] < at.0 {
            Some(Detail::Unsubscribed)
        } else if self.suspended[i] {
            Some(Detail::MarketingSuspended)
        } else if self.invalid[i] {
            Some(Detail::EmailInvalid)
        } else {
            None
        }
    }

    /// R-LIM-1: which limit one more send at `at` would exceed, if any.
    fn over_limit(&self, p: u32, at: Instant) -> Option<Detail> {
        let limits = self.c.limits?;
        let recent = self.sends.recent(p);
        if let Some(limit) = limits.per_day {
            let k = limit as usize;
            // Sends come in time order: the limit is reached when the k-th
            // most recent send fell on the same workspace-local day.
            if let Some(&kth) = recent.len().checked_sub(k).and_then(|i| recent.get(i)) {
                if kth != i64::MIN
                    && at.0 - kth < 26 * MICROS_PER_HOUR
                    && Instant(kth).date_in(self.c.time_zone) == at.date_in(self.c.time_zone)
                {
                    return Some(Detail::PerDayLimit { count: limit, limit });
                }
            }
        }
        if let Some(limit) = limits.per_7_days {
            let k = limit as usize;
            // R-LIM-1: sends s with t − 168 h < s ≤ t.
            if let Some(&kth) = recent.len().checked_sub(k).and_then(|i| recent.get(i)) {
                if kth != i64::MIN && kth > at.0 - 168 * MICROS_PER_HOUR {
                    return Some(Detail::Per7DaysLimit { count: limit, limit });
                }
            }
        }
        None
    }

    /// One reaction draw (R-BH-1, R-BH-2).
    fn draw(&self, p: u32, content: u32, at: Instant, ep: u32, kind: Reaction) -> bool {
        let Some(b) = &self.c.behavior else { return false };
        let slot = reaction_slot(kind);
        let mut prob = b.base[content as usize][slot];
        for (when, factors) in &b.multipliers {
            if let Some(f) = factors[slot] {
                if self.holds(when, p, at, ep) {
                    prob *= f;
                }
            }
        }
        let prob = prob.min(1.0);
        if prob <= 0.0 {
            return false;
        }
        let u = uniform(self.person_key[p as usize], self.c.content[content as usize].fnv, at.unix_seconds(), kind);
        u < prob
    }

    /// A person's membership of an EP, as it is now.
    pub fn slot(&self, ep: u32, p: u32) -> &Slot {
        &self.slots[ep as usize][p as usize]
    }

    /// Memberships in list order: the plan's, then those added by events.
    pub fn members(&self) -> &[MemberEntry] {
        &self.members
    }

    /// A stream's content list as it is now.
    pub fn items(&self, stream: u32) -> &[Item] {
        &self.items[stream as usize]
    }

    pub fn stats(&self) -> &ScoreStats {
        &self.stats
    }

    pub fn compiled(&self) -> &'c Compiled {
        self.c
    }

    /// What each person consumed, in the order consumed (history, then
    /// program history, then the run), when the run keeps a journal.
    pub fn consumed_in_order(&self) -> Option<Vec<Vec<u32>>> {
        let j = self.journal.as_ref()?;
        let mut per = vec![Vec::new(); self.n as usize];
        for &(p, c) in j {
            per[p as usize].push(c);
        }
        Some(per)
    }
}

/// Totals of a finished run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunSummary {
    pub casts: u64,
    pub person_casts: u64,
    pub state_bytes_per_person: usize,
}
