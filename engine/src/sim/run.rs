//! The cast loop: one instant at a time, events, then transition rules, then
//! casts and deliveries (R-LIM-3).
//!
//! Layout and invariants (ARCHITECTURE, "The engine"):
//! - People state is a struct of arrays indexed by dense person number:
//!   membership bytes per EP ([`Memberships`]), person flags, one bit row
//!   per person ([`PersonBits`]: consumed content, then the condition atoms,
//!   then the attribute leaves), the limit ring, the draw key.
//! - Every membership instant the rules need is relative to the instant
//!   being processed: a person who entered a stream before `now` is
//!   considered at every later cast, so only "entered at `now`" is stored
//!   ([`flag::ENTERED_NOW`]), and those bits are cleared when the clock
//!   moves on ([`Simulation::advance_clock`]).
//! - Transition rules are evaluated incrementally: the result for one person
//!   depends only on that person's state, so a person whose rule-relevant
//!   state has not changed since their last evaluation keeps their stream
//!   (see [`RuleWatch`]).
//! - The cast loop does not hash, allocate per person, or convert time
//!   zones (except the per-zone delivery instants of a recipient-time-zone
//!   cast, computed once per zone per cast).

use super::compile::{reaction_slot, Compiled, Ev, Item, Limits, MemberSpec};
use super::cond::{AtomKind, Cond};
use super::draw::{delivery_key, person_key, uniform_of};
use super::outcome::{Outcome, Reactions, Row};
use super::sink::{Detail, Move, MoveCause, Sink, Skip, Why};
use super::state::{extract, flag, low_mask, person, Memberships, PersonBits, SendRing, NO_STREAM};
use super::stats::ScoreStats;
use crate::cadence;
use crate::model::{AttrOp, AttrValue, Cadence, Reaction};
use crate::time::{date_from_day_number, Instant, MICROS_PER_HOUR};
use chrono_tz::Tz;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberEntry {
    pub person: u32,
    pub ep: u32,
}

/// A person's membership of one EP as it stands, for outputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberView {
    /// The current stream (dense id).
    pub stream: u32,
    pub paused: bool,
    pub exhausted: bool,
    /// `Some(added_at)` while the membership has not started yet.
    pub scheduled: Option<Instant>,
}

/// Which EPs' transition rules read which person facts, and per EP the
/// people to evaluate again at its next evaluation (R-TR-2, incrementally).
///
/// Invariant: for an EP with rules and a member `p` whose dirty bit is
/// clear, evaluating the EP's rules for `p` now would give "stay". It holds
/// because (a) a rule result depends only on `p`'s own state (facts,
/// attributes, unsubscribed, memberships), (b) every change to a fact some
/// rule of the EP reads marks `p` dirty there, and (c) the last evaluation
/// said "stay", or it moved `p`, which is a membership change and marks
/// `p` dirty again.
struct RuleWatch {
    /// Per EP: `None` when it has no rules; else one bit per person.
    dirty: Vec<Option<Vec<u64>>>,
    /// Per atom: the EPs whose rules read it.
    atom_readers: Vec<Vec<u32>>,
    /// Per EP: the EPs whose rule results depend on membership of it (its
    /// own, when it has rules, and those with an `in_stream` of it).
    membership_readers: Vec<Vec<u32>>,
    /// Per EP: whether its rules read `exhausted`.
    reads_exhausted: Vec<bool>,
    /// The EPs whose rules read `unsubscribed`.
    unsub_readers: Vec<u32>,
    /// Every EP with rules (attribute changes mark them all: rare).
    rule_eps: Vec<u32>,
}

impl RuleWatch {
    fn new(c: &Compiled, people: usize) -> RuleWatch {
        let eps = c.eps.len();
        let mut w = RuleWatch {
            dirty: vec![None; eps],
            atom_readers: vec![Vec::new(); c.atoms.len()],
            membership_readers: vec![Vec::new(); eps],
            reads_exhausted: vec![false; eps],
            unsub_readers: Vec::new(),
            rule_eps: Vec::new(),
        };
        let add = |v: &mut Vec<u32>, ep: u32| {
            if !v.contains(&ep) {
                v.push(ep);
            }
        };
        for (ei, ep) in c.eps.iter().enumerate() {
            let e = ei as u32;
            let rules = ep.streams.iter().flat_map(|&s| c.streams[s as usize].rules.iter());
            let mut any = false;
            for rule in rules {
                any = true;
                rule.visit(&mut |leaf| match leaf {
                    Cond::Atom(bit) => add(&mut w.atom_readers[*bit as usize], e),
                    Cond::Exhausted(_) => w.reads_exhausted[ei] = true,
                    Cond::InStream { ep: other, .. } => add(&mut w.membership_readers[*other as usize], e),
                    Cond::Unsubscribed(_) => add(&mut w.unsub_readers, e),
                    _ => {}
                });
            }
            if any {
                add(&mut w.membership_readers[ei], e);
                w.rule_eps.push(e);
                // Everyone is evaluated the first time.
                let mut bits = vec![u64::MAX; people.div_ceil(64)];
                if let Some(last) = bits.last_mut() {
                    *last = low_mask(((people - 1) % 64 + 1) as u32);
                }
                w.dirty[ei] = Some(bits);
            }
        }
        w
    }

    #[inline]
    fn mark(&mut self, ep: u32, p: u32) {
        if let Some(bits) = &mut self.dirty[ep as usize] {
            bits[p as usize >> 6] |= 1u64 << (p & 63);
        }
    }

    fn touch_atom(&mut self, atom: u32, p: u32) {
        for i in 0..self.atom_readers[atom as usize].len() {
            self.mark(self.atom_readers[atom as usize][i], p);
        }
    }

    fn touch_membership(&mut self, ep: u32, p: u32) {
        for i in 0..self.membership_readers[ep as usize].len() {
            self.mark(self.membership_readers[ep as usize][i], p);
        }
    }

    fn touch_exhausted(&mut self, ep: u32, p: u32) {
        if self.reads_exhausted[ep as usize] {
            self.mark(ep, p);
        }
    }

    fn touch_unsubscribed(&mut self, p: u32) {
        for i in 0..self.unsub_readers.len() {
            self.mark(self.unsub_readers[i], p);
        }
    }

    fn touch_everything(&mut self, p: u32) {
        for i in 0..self.rule_eps.len() {
            self.mark(self.rule_eps[i], p);
        }
    }

    fn bytes(&self) -> usize {
        self.dirty.iter().flatten().map(|b| b.len() * 8).sum()
    }
}

/// The items of one stream cast that pass the per-cast checks (R-CS-2:
/// active, not archived, inside the availability window), in priority
/// order, and the same list cut into *runs* of consecutive content numbers
/// so that a person's first unconsumed candidate is found with a shift, a
/// mask and a `trailing_zeros` per run instead of one bit test per item.
struct Candidates {
    content: Vec<u32>,
    runs: Vec<Run>,
}

/// Candidates `pos .. pos + len` are contents `content .. content + len`,
/// that is bits `shift .. shift + len` of a person's bit row from word
/// `word` on (into the next word when `spills`).
#[derive(Clone, Copy)]
struct Run {
    content: u32,
    pos: u32,
    len: u32,
    word: usize,
    shift: u32,
    spills: bool,
    mask: u64,
}

impl Run {
    fn new(content: u32, pos: u32) -> Run {
        let mut r = Run { content, pos, len: 0, word: 0, shift: 0, spills: false, mask: 0 };
        r.grow();
        r
    }

    /// One more content at the end of the run.
    fn grow(&mut self) {
        self.len += 1;
        self.word = (self.content >> 6) as usize;
        self.shift = self.content & 63;
        self.spills = self.shift + self.len > 64;
        self.mask = low_mask(self.len);
    }

    /// The run's bits of `row` as the low bits of a word (the same as
    /// `state::extract(row, content, len)`, with its arithmetic done once).
    #[inline(always)]
    fn bits(&self, row: &[u64]) -> u64 {
        let lo = row.get(self.word).map_or(0, |x| x >> self.shift);
        let hi = if self.spills { row.get(self.word + 1).map_or(0, |x| x << (64 - self.shift)) } else { 0 };
        (lo | hi) & self.mask
    }
}

impl Candidates {
    fn of(items: &[Item], day: i32) -> Candidates {
        let content: Vec<u32> = items
            .iter()
            .filter(|it| it.active && !it.archived && it.available_on(day))
            .map(|it| it.content)
            .collect();
        let mut runs: Vec<Run> = Vec::new();
        for (pos, &c) in content.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if r.len < 64 && r.content + r.len == c => r.grow(),
                _ => runs.push(Run::new(c, pos as u32)),
            }
        }
        Candidates { content, runs }
    }

    /// The first candidate neither consumed (bit `content` of `consumed`)
    /// nor reserved (bit `content` of `reserved`).
    #[inline]
    fn first_free(&self, consumed: &[u64], reserved: Option<&[u64]>) -> Option<u32> {
        for r in &self.runs {
            let mut taken = r.bits(consumed);
            if let Some(res) = reserved {
                taken |= r.bits(res);
            }
            let free = !taken & r.mask;
            if free != 0 {
                return self.content.get((r.pos + free.trailing_zeros()) as usize).copied();
            }
        }
        None
    }
}

/// People per batch of a walk (see [`Simulation::walk`]).
const WALK_BATCH: usize = 64;

/// One person's pick at a stream cast: paused, nothing eligible (`None`),
/// or the first eligible item.
#[derive(Clone, Copy)]
struct Pick {
    person: u32,
    paused: bool,
    content: Option<u32>,
}

/// The uniform numbers (open, click, unsubscribe) of an email delivery
/// (R-BH-2), from the person's key, the email id's FNV and the instant.
#[inline]
fn email_uniforms(person_key: u64, content_fnv: u64, secs: i64) -> [f64; 3] {
    let key = delivery_key(person_key, content_fnv, secs);
    [Reaction::Open, Reaction::Click, Reaction::Unsubscribe].map(|k| uniform_of(key, k))
}

/// The reaction probabilities of R-BH-1 for every (content, set of
/// multipliers that hold), computed once, when every multiplier condition
/// is attribute-only: such a condition cannot change between the draws of
/// one delivery (only `set_person` changes it), so a delivery evaluates each
/// multiplier once and looks its four probabilities up. The table holds
/// exactly what the per-draw computation gives (same multiplications, same
/// order, then `min(p, 1)`).
struct ProbTable {
    /// 2^(number of multipliers).
    masks: usize,
    /// At `content * masks + mask`: open, click, unsubscribe, success.
    probs: Vec<[f64; 4]>,
}

impl ProbTable {
    /// At most this many multipliers (64 masks) are tabulated.
    const MAX_MULTIPLIERS: usize = 6;
    const MAX_ENTRIES: usize = 1 << 20;

    fn new(c: &Compiled) -> Option<ProbTable> {
        let b = c.behavior.as_ref()?;
        let k = b.multipliers.len();
        if k > Self::MAX_MULTIPLIERS || !b.multipliers.iter().all(|(when, _)| when.attributes_only()) {
            return None;
        }
        let masks = 1usize << k;
        // At most a million entries (32 MB); larger plans draw as they go.
        if b.base.len().saturating_mul(masks) > Self::MAX_ENTRIES {
            return None;
        }
        let mut probs = Vec::with_capacity(b.base.len() * masks);
        for base in &b.base {
            for mask in 0..masks {
                probs.push(std::array::from_fn(|slot| {
                    let mut prob = base[slot];
                    for (i, (_, factors)) in b.multipliers.iter().enumerate() {
                        if let Some(f) = factors[slot] {
                            if mask & (1 << i) != 0 {
                                prob *= f;
                            }
                        }
                    }
                    prob.min(1.0)
                }));
            }
        }
        Some(ProbTable { masks, probs })
    }
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
    /// Per stream: its index in its EP's stream list.
    stream_local: Vec<u8>,

    n: u32,
    /// Per person: consumed content (bit = content number), then the atoms
    /// (from `atom_base`), then the attribute leaves (from `leaf_base`),
    /// then, with a [`ProbTable`], whether each multiplier holds (from
    /// `mult_base`: read as the table's mask in one shift).
    bits: PersonBits,
    atom_base: u32,
    leaf_base: u32,
    mult_base: u32,
    /// Attribute leaves by number: (column, operator).
    leaves: Vec<(u32, AttrOp)>,
    /// Items reserved by recipient-time-zone casts (R-CA-7); empty without.
    reserved: PersonBits,
    /// Per content: its atom bits by kind (received, opened, clicked,
    /// program member, program success).
    content_atoms: Vec<[u32; 5]>,
    /// [`person`] flags.
    person: Vec<u8>,
    /// Time zones, kept only when some cast can use them (recipient time
    /// zone); `set_person` changes them.
    tz: Vec<Option<Tz>>,
    /// Attribute values set by `set_person` events: (person, column).
    attr_changes: HashMap<(u32, u32), AttrValue>,
    sends: SendRing,
    person_key: Vec<u64>,
    /// Reaction probabilities precomputed per (content, multipliers that
    /// hold), when every multiplier is attribute-only; see [`ProbTable`].
    prob_table: Option<ProbTable>,
    /// Per EP.
    ms: Vec<Memberships>,
    /// The plan's memberships not started yet (indices into
    /// `c.memberships`), by `added_at`; those before `next_scheduled` have
    /// started.
    scheduled: Vec<u32>,
    next_scheduled: usize,
    /// Plan memberships skipped as duplicates (R-ME-1), for `--state`.
    duplicates: Vec<u32>,
    /// Memberships added by events, in the order applied.
    added: Vec<MemberEntry>,
    /// The instant the "now" flags refer to, and who has them.
    flags_at: Instant,
    now_slots: Vec<(u32, u32)>,
    unsub_now: Vec<u32>,
    watch: RuleWatch,
    pub(crate) stats: ScoreStats,
    /// (person, content) in the order consumed, when asked for (`--state`).
    pub(crate) journal: Option<Vec<(u32, u32)>>,
    why: Why,
    /// Whether any stream can reserve items (R-CA-7).
    any_rtz: bool,
    casts_done: u64,
    person_casts: u64,
    /// Test aid: evaluate every member's rules at every evaluation, as
    /// R-TR-2 states it (see [`Simulation::without_shortcuts`]).
    full_rules: bool,
}

/// No atom: no condition reads this fact of this content.
const NO_ATOM: u32 = u32::MAX;

const fn atom_slot(k: AtomKind) -> usize {
    match k {
        AtomKind::Received => 0,
        AtomKind::Opened => 1,
        AtomKind::Clicked => 2,
        AtomKind::ProgramMember => 3,
        AtomKind::ProgramSuccess => 4,
    }
}

/// Every condition of the compiled plan: rules, audiences, multipliers.
fn all_conditions(c: &Compiled) -> impl Iterator<Item = &Cond> {
    let rules = c.streams.iter().flat_map(|s| s.rules.iter());
    let audiences = c.content.iter().filter_map(|ci| ci.audience.as_ref());
    let multipliers = c.behavior.iter().flat_map(|b| b.multipliers.iter().map(|(when, _)| when));
    rules.chain(audiences).chain(multipliers)
}

/// The attribute leaves the conditions use, by leaf number.
fn attribute_leaves(c: &Compiled) -> Vec<(u32, AttrOp)> {
    let mut leaves: Vec<Option<(u32, AttrOp)>> = Vec::new();
    for cond in all_conditions(c) {
        cond.visit(&mut |x| {
            if let Cond::Attr { leaf, column, op } = x {
                let i = *leaf as usize;
                if leaves.len() <= i {
                    leaves.resize(i + 1, None);
                }
                leaves[i] = Some((*column, op.clone()));
            }
        });
    }
    // Leaf numbers are dense, but a plan could number one no kept condition
    // uses: it never holds (its bit is never read).
    leaves.into_iter().map(|l| l.unwrap_or((u32::MAX, AttrOp::In(Vec::new())))).collect()
}

impl<'c, S: Sink> Simulation<'c, S> {
    /// Sets up the state of `[start, ...)`: memberships, history, and every
    /// event before `start` applied in order (plan-format "The simulation
    /// window").
    pub fn new(c: &'c Compiled, sink: S, keep_journal: bool) -> Self {
        let n = c.person_ids.len();
        let m = c.content.len();
        // `NO_ATOM` where no condition reads the fact.
        let mut content_atoms = vec![[NO_ATOM; 5]; m];
        for (bit, (kind, content)) in c.atoms.iter().enumerate() {
            content_atoms[*content as usize][atom_slot(*kind)] = bit as u32;
        }
        let ring = c.limits.map_or(0, |l: Limits| {
            l.per_day.unwrap_or(0).max(l.per_7_days.unwrap_or(0)) as usize
        });
        let any_rtz = c.streams.iter().any(|s| s.cadence.is_some_and(|c| c.recipient_time_zone))
            || c.events.iter().any(|e| matches!(&e.ev, Ev::SetCadence { cadence: Some(c), .. } if c.recipient_time_zone));
        let seed = c.behavior.as_ref().map_or(0, |b| b.seed);
        let leaves = attribute_leaves(c);
        let atom_base = m as u32;
        let leaf_base = atom_base + c.atoms.len() as u32;
        let mult_base = leaf_base + leaves.len() as u32;
        let prob_table = ProbTable::new(c);
        let mult_bits = if prob_table.is_some() { c.behavior.as_ref().map_or(0, |b| b.multipliers.len()) } else { 0 };
        let mut stream_local = vec![0u8; c.streams.len()];
        for ep in &c.eps {
            for (i, &s) in ep.streams.iter().enumerate() {
                // R-EP-3: at most 25 streams; the loader refuses more.
                stream_local[s as usize] = u8::try_from(i).ok().filter(|&l| l != NO_STREAM).expect("at most 254 streams per EP");
            }
        }
        let person_flags = (0..n)
            .map(|p| {
                let mut f = 0;
                if !c.person_has_email[p] {
                    f |= person::NO_EMAIL;
                }
                if c.person_suspended[p] {
                    f |= person::SUSPENDED;
                }
                if c.person_invalid[p] {
                    f |= person::INVALID;
                }
                if c.person_unsubscribed[p] {
                    f |= person::UNSUB;
                }
                f
            })
            .collect();
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
            stream_local,
            n: n as u32,
            bits: PersonBits::new(n, mult_base as usize + mult_bits),
            atom_base,
            leaf_base,
            mult_base,
            leaves,
            reserved: PersonBits::new(if any_rtz { n } else { 0 }, m),
            content_atoms,
            person: person_flags,
            tz: if any_rtz { c.person_tz.clone() } else { Vec::new() },
            attr_changes: HashMap::new(),
            sends: SendRing::new(n, ring),
            person_key: c.person_fnv.iter().map(|&f| person_key(seed, f)).collect(),
            prob_table,
            ms: (0..c.eps.len()).map(|_| Memberships::new(n)).collect(),
            scheduled: Vec::new(),
            next_scheduled: 0,
            duplicates: Vec::new(),
            added: Vec::new(),
            flags_at: Instant::MIN,
            now_slots: Vec::new(),
            unsub_now: Vec::new(),
            watch: RuleWatch::new(c, n),
            stats: ScoreStats::default(),
            journal: keep_journal.then(Vec::new),
            why: Why::default(),
            any_rtz,
            casts_done: 0,
            person_casts: 0,
            full_rules: false,
        };
        for p in 0..n as u32 {
            sim.compute_leaves(p);
        }
        sim.add_plan_memberships();
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
            sim.advance_clock(e.at);
            sim.apply_event(sim.next_event);
            sim.next_event += 1;
        }
        sim.now = c.start;
        for s in 0..c.streams.len() {
            sim.schedule_from(s, c.start);
        }
        sim
    }

    /// Takes in the plan's memberships (R-ME-1; a duplicate is skipped, the
    /// loader refuses it anyway). Those that start before anything can
    /// happen start at once; the others wait in `scheduled`.
    fn add_plan_memberships(&mut self) {
        let c = self.c;
        // Before the first pre-start event (or before `start`), nothing can
        // tell a membership that started earlier from one that starts then.
        let first_pre_start = c.events.first().map_or(c.start, |e| e.at.min(c.start));
        for (i, m) in c.memberships.iter().enumerate() {
            let ms = &mut self.ms[m.ep as usize];
            if ms.is_occupied(m.person) {
                self.duplicates.push(i as u32);
                continue;
            }
            if m.added_at < first_pre_start {
                ms.stream[m.person as usize] = self.stream_local[m.stream as usize];
                ms.flags[m.person as usize] = if m.paused { flag::PAUSED } else { 0 };
            } else {
                ms.flags[m.person as usize] = flag::SCHEDULED;
                self.scheduled.push(i as u32);
            }
        }
        self.scheduled.sort_by_key(|&i| c.memberships[i as usize].added_at);
    }

    /// Moves the clock to `t`: the "now" flags of an earlier instant are
    /// cleared, and the plan memberships with `added_at` ≤ `t` start.
    fn advance_clock(&mut self, t: Instant) {
        if t != self.flags_at {
            for (ep, p) in self.now_slots.drain(..) {
                self.ms[ep as usize].flags[p as usize] &= !flag::NOW;
            }
            for p in self.unsub_now.drain(..) {
                self.person[p as usize] &= !person::UNSUB_NOW;
            }
            self.flags_at = t;
        }
        while let Some(&i) = self.scheduled.get(self.next_scheduled) {
            let m = &self.c.memberships[i as usize];
            if m.added_at > t {
                break;
            }
            self.next_scheduled += 1;
            let mut f = if m.paused { flag::PAUSED } else { 0 };
            if m.added_at == t {
                f |= flag::NOW;
                self.now_slots.push((m.ep, m.person));
            }
            let ms = &mut self.ms[m.ep as usize];
            ms.stream[m.person as usize] = self.stream_local[m.stream as usize];
            ms.flags[m.person as usize] = f;
            self.watch.touch_membership(m.ep, m.person);
        }
    }

    /// The same run without the shortcuts that must not change a result:
    /// every member's transition rules evaluated at every evaluation (not
    /// only those whose facts changed) and every reaction probability
    /// computed draw by draw (no table). For tests that check exactly that.
    #[doc(hidden)]
    pub fn without_shortcuts(mut self) -> Self {
        self.full_rules = true;
        self.prob_table = None;
        self
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

    /// Bytes of simulation state per person, rounded up: everything the run
    /// keeps per person (bit rows, memberships, flags, limit ring, draw key,
    /// time zones when used, rule bookkeeping), not the compiled plan.
    pub fn state_bytes_per_person(&self) -> usize {
        let n = self.n as usize;
        if n == 0 {
            return 0;
        }
        let reserved = if self.any_rtz { self.reserved.bytes_per_person() } else { 0 };
        let total = n * (self.bits.bytes_per_person() + reserved + self.sends.bytes_per_person())
            + self.person.len()
            + self.person_key.len() * 8
            + self.tz.len() * std::mem::size_of::<Option<Tz>>()
            + self.ms.len() * n * Memberships::BYTES_PER_PERSON
            + self.watch.bytes();
        total.div_ceil(n)
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
        self.advance_clock(t);
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
        self.stats.flush();
        true
    }

    fn deliver_next(&mut self) {
        if let Some(Reverse(p)) = self.pending.pop() {
            self.reserved.clear(p.person, p.content);
            self.stats.begin(p.stream, p.day);
            self.deliver(p.stream, p.day, p.person, p.content, p.at, p.at.unix_seconds(), None);
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

    /// Sets `p`'s "now" flags in `ep` (see [`flag::ENTERED_NOW`]).
    fn set_now_flags(&mut self, ep: u32, p: u32, bits: u8) {
        let f = &mut self.ms[ep as usize].flags[p as usize];
        if *f & flag::NOW == 0 {
            self.now_slots.push((ep, p));
        }
        *f = (*f & !flag::NOW) | bits;
    }

    fn apply_event(&mut self, i: usize) {
        let e = &self.c.events[i];
        let t = e.at;
        match &e.ev {
            Ev::AddMember { person, ep, stream, paused } => {
                if !self.ms[*ep as usize].is_occupied(*person) {
                    let ms = &mut self.ms[*ep as usize];
                    ms.stream[*person as usize] = self.stream_local[*stream as usize];
                    ms.flags[*person as usize] = if *paused { flag::PAUSED } else { 0 };
                    // Entered at t: considered only at casts after t (R-ME-3).
                    self.set_now_flags(*ep, *person, flag::NOW);
                    self.added.push(MemberEntry { person: *person, ep: *ep });
                    self.watch.touch_membership(*ep, *person);
                }
            }
            Ev::RemoveMember { person, ep } => {
                let ms = &mut self.ms[*ep as usize];
                if ms.is_member(*person) {
                    ms.stream[*person as usize] = NO_STREAM;
                    ms.flags[*person as usize] = 0;
                    self.watch.touch_membership(*ep, *person);
                }
            }
            Ev::Pause { person, ep, paused } => {
                let ms = &mut self.ms[*ep as usize];
                if ms.is_member(*person) {
                    let f = &mut ms.flags[*person as usize];
                    *f = if *paused { *f | flag::PAUSED } else { *f & !flag::PAUSED };
                }
            }
            Ev::Move { person, ep, stream } => {
                let to = self.stream_local[*stream as usize];
                let ms = &mut self.ms[*ep as usize];
                let (p, e) = (*person, *ep);
                if ms.is_member(p) && ms.stream[p as usize] != to {
                    let from = self.c.eps[e as usize].streams[ms.stream[p as usize] as usize];
                    ms.stream[p as usize] = to;
                    ms.flags[p as usize] &= !flag::EXHAUSTED;
                    // Entered at t; keeps whether the membership began at t.
                    let added_now = ms.flags[p as usize] & flag::ADDED_NOW;
                    self.set_now_flags(e, p, flag::ENTERED_NOW | added_now);
                    self.watch.touch_membership(e, p);
                    let m = Move { at: t, ep: e, person: p, from, to: *stream, cause: MoveCause::Event { index: self.c.events[i].index } };
                    self.sink.moved(&m);
                }
            }
            Ev::SetPerson { person, change } => {
                let p = *person as usize;
                let f = &mut self.person[p];
                if let Some(has) = change.email {
                    *f = if has { *f & !person::NO_EMAIL } else { *f | person::NO_EMAIL };
                }
                if let Some(tz) = change.time_zone {
                    if let Some(slot) = self.tz.get_mut(p) {
                        *slot = tz;
                    }
                }
                match change.unsubscribed {
                    // Applied before the casts of t, so it blocks them.
                    Some(true) if *f & person::UNSUB == 0 => *f |= person::UNSUB,
                    Some(false) => *f &= !(person::UNSUB | person::UNSUB_NOW),
                    _ => {}
                }
                if let Some(v) = change.marketing_suspended {
                    *f = if v { *f | person::SUSPENDED } else { *f & !person::SUSPENDED };
                }
                if let Some(v) = change.email_invalid {
                    *f = if v { *f | person::INVALID } else { *f & !person::INVALID };
                }
                for (col, v) in &change.attributes {
                    self.attr_changes.insert((*person, *col), v.clone());
                }
                self.compute_leaves(*person);
                self.watch.touch_everything(*person);
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

    /// The value of attribute column `col` for `p`, as events left it.
    fn attr(&self, p: u32, col: u32) -> Option<&AttrValue> {
        match self.attr_changes.get(&(p, col)) {
            Some(v) => Some(v),
            None => self.c.attr_columns.get(col as usize)?.get(p as usize)?.as_ref(),
        }
    }

    /// Recomputes `p`'s attribute leaf bits from their attribute values.
    fn compute_leaves(&mut self, p: u32) {
        for i in 0..self.leaves.len() {
            let (col, op) = &self.leaves[i];
            let holds = op.holds(self.attr(p, *col));
            self.bits.assign(p, self.leaf_base + i as u32, holds);
        }
        // Attribute-only multipliers read only those leaves.
        if self.prob_table.is_some() {
            if let Some(b) = &self.c.behavior {
                for (i, (when, _)) in b.multipliers.iter().enumerate() {
                    let holds = self.holds(when, p, u32::MAX);
                    self.bits.assign(p, self.mult_base + i as u32, holds);
                }
            }
        }
    }

    /// R-TR-2 for the given EPs at `t`, all against the state before any
    /// move of `t` (R-LIM-3: one EP's moves are not seen by another's rules).
    /// Only the members marked dirty since their last evaluation are
    /// evaluated (see [`RuleWatch`]).
    fn evaluate_rules(&mut self, eps: &[u32], t: Instant) {
        let mut moves: Vec<(u32, u32, u32, u32)> = Vec::new();
        for &ep in eps {
            let Some(mut dirty) = self.watch.dirty[ep as usize].take() else { continue };
            if self.full_rules {
                dirty.iter_mut().for_each(|w| *w = u64::MAX);
                if let Some(last) = dirty.last_mut() {
                    *last = low_mask((self.n - 1) % 64 + 1);
                }
            }
            for (wi, word) in dirty.iter_mut().enumerate() {
                let mut w = std::mem::take(word);
                while w != 0 {
                    let p = (wi * 64) as u32 + w.trailing_zeros();
                    w &= w - 1;
                    if let Some((to, rule)) = self.rule_target(ep, p) {
                        moves.push((ep, p, to, rule));
                    }
                }
            }
            self.watch.dirty[ep as usize] = Some(dirty);
        }
        for (ep, p, to, rule) in moves {
            let ms = &mut self.ms[ep as usize];
            let from = self.c.eps[ep as usize].streams[ms.stream[p as usize] as usize];
            ms.stream[p as usize] = self.stream_local[to as usize];
            ms.flags[p as usize] &= !flag::EXHAUSTED;
            // R-TR-3: just before t (castable at t), unless the person
            // entered the EP at t.
            let added_now = ms.flags[p as usize] & flag::ADDED_NOW;
            if added_now != 0 {
                self.set_now_flags(ep, p, flag::NOW);
            } else {
                ms.flags[p as usize] &= !flag::ENTERED_NOW;
            }
            self.watch.touch_membership(ep, p);
            self.sink.moved(&Move { at: t, ep, person: p, from, to, cause: MoveCause::Rule { rule } });
        }
    }

    /// The stream member `p` of `ep` moves to by the rules now, and the
    /// rule that holds there; `None` to stay (R-TR-2).
    fn rule_target(&self, ep: u32, p: u32) -> Option<(u32, u32)> {
        let ms = &self.ms[ep as usize];
        if !ms.is_member(p) {
            return None;
        }
        let current = ms.stream[p as usize];
        for (local, &s) in self.c.eps[ep as usize].streams.iter().enumerate() {
            for (ri, rule) in self.c.streams[s as usize].rules.iter().enumerate() {
                if self.holds(rule, p, ep) {
                    return (local != current as usize).then_some((s, ri as u32));
                }
            }
        }
        None
    }

    /// [`holds`](Self::holds) with the one-bit leaves answered inline (a
    /// multiplier such as `segment eq enterprise` is one bit test).
    #[inline]
    fn holds_inline(&self, c: &Cond, p: u32, ep: u32) -> bool {
        match c {
            Cond::Attr { leaf, .. } => self.bits.get(p, self.leaf_base + leaf),
            Cond::Atom(bit) => self.bits.get(p, self.atom_base + bit),
            _ => self.holds(c, p, ep),
        }
    }

    /// Evaluates a compiled condition for person `p` at the instant being
    /// processed (the only instant conditions are read at, so "unsubscribed
    /// as of now" is the unsubscribed flag); `ep` is the context of
    /// `exhausted` (R-CD-4).
    pub(crate) fn holds(&self, c: &Cond, p: u32, ep: u32) -> bool {
        match c {
            Cond::All(cs) => cs.iter().all(|c| self.holds(c, p, ep)),
            Cond::Any(cs) => cs.iter().any(|c| self.holds(c, p, ep)),
            Cond::Not(c) => !self.holds(c, p, ep),
            Cond::Attr { leaf, .. } => self.bits.get(p, self.leaf_base + leaf),
            Cond::Atom(bit) => self.bits.get(p, self.atom_base + bit),
            Cond::Exhausted(v) => {
                let ms = &self.ms[ep as usize];
                (ms.is_member(p) && ms.flags[p as usize] & flag::EXHAUSTED != 0) == *v
            }
            Cond::InStream { ep, stream } => {
                let ms = &self.ms[*ep as usize];
                ms.is_member(p) && ms.stream[p as usize] == self.stream_local[*stream as usize]
            }
            Cond::Unsubscribed(v) => (self.person[p as usize] & person::UNSUB != 0) == *v,
        }
    }

    fn set_atom(&mut self, p: u32, content: u32, kind: AtomKind) {
        let bit = self.content_atoms[content as usize][atom_slot(kind)];
        if bit != NO_ATOM {
            let i = self.atom_base + bit;
            if !self.bits.get(p, i) {
                self.bits.set(p, i);
                self.watch.touch_atom(bit, p);
            }
        }
    }

    #[inline]
    fn consume(&mut self, p: u32, content: u32) {
        if !self.bits.get(p, content) {
            self.bits.set(p, content);
            if let Some(j) = &mut self.journal {
                j.push((p, content));
            }
        }
    }

    #[inline]
    fn emit(&mut self, row: Row, reactions: Reactions) {
        if row.at < self.c.end {
            self.sink.row(&row, reactions, &self.why);
        }
    }

    /// Sets or clears `p`'s exhaustion in `ep` (R-CS-4).
    #[inline]
    fn set_exhausted(&mut self, ep: u32, p: u32, exhausted: bool) {
        let f = &mut self.ms[ep as usize].flags[p as usize];
        if (*f & flag::EXHAUSTED != 0) != exhausted {
            *f ^= flag::EXHAUSTED;
            self.watch.touch_exhausted(ep, p);
        }
    }

    /// The cast of stream `s` for cast day `day`, processed at `t` (R-CS-1).
    ///
    /// People are taken in batches: first each one's pick (paused, nothing
    /// eligible, or the first eligible item), then the R-BH-2 hashes of the
    /// batch's email deliveries in one tight loop (independent of each
    /// other, so they run in parallel instead of one latency chain per
    /// person), then the rows and deliveries in person order. This is the
    /// one-person-at-a-time walk exactly: a pick and a hash read only that
    /// person's own state, which no other person's delivery changes.
    fn walk(&mut self, s: u32, day: i32, t: Instant) {
        self.casts_done += 1;
        let c = self.c;
        let info = &c.streams[s as usize];
        let ep = info.ep;
        let local = self.stream_local[s as usize];
        let Some(cad) = self.cadence[s as usize] else { return };
        let rtz = cad.recipient_time_zone;
        let date = date_from_day_number(i64::from(day));
        let candidates = Candidates::of(&self.items[s as usize], day);
        let secs = t.unix_seconds();
        if !rtz {
            self.stats.begin(s, day);
        }
        let program_at = if rtz { cadence::delivery_instant(&cad, c.time_zone, None, date, true) } else { t };
        // Recipient time zone: the email instant per zone, computed once.
        let mut zones: Vec<(Option<Tz>, Instant)> = Vec::new();
        // Explain records a reason per pick: one person per batch.
        let batch_len = if S::TRACE { 1 } else { WALK_BATCH };
        let mut batch: Vec<Pick> = Vec::with_capacity(batch_len);
        let mut draws: Vec<[f64; 3]> = vec![[0.0; 3]; batch_len];
        let mut members = ByteScan::new(local);
        loop {
            // 1. Picks.
            batch.clear();
            if S::TRACE {
                while batch.is_empty() {
                    let Some(q) = members.next(&self.ms[ep as usize].stream) else { break };
                    let p = q as u32;
                    let f = self.ms[ep as usize].flags[q];
                    if f & flag::ENTERED_NOW != 0 {
                        continue; // R-ME-3: entered at t, considered after t
                    }
                    self.person_casts += 1;
                    self.why = Why::default();
                    let paused = f & flag::PAUSED != 0;
                    let content = if paused { None } else { self.trace_walk(s, day, p) };
                    batch.push(Pick { person: p, paused, content });
                }
            } else {
                let reserved = self.any_rtz.then_some(&self.reserved);
                self.person_casts +=
                    pick_batch(&mut members, &self.ms[ep as usize], &self.bits, reserved, &candidates, &mut batch, batch_len);
            }
            if batch.is_empty() {
                break;
            }
            // 2. The uniform numbers of the email deliveries made now.
            if !rtz && c.behavior.is_some() {
                for (pick, u) in batch.iter().zip(draws.iter_mut()) {
                    if let Some(content) = pick.content {
                        let info = &c.content[content as usize];
                        if !info.is_program {
                            *u = email_uniforms(self.person_key[pick.person as usize], info.fnv, secs);
                        }
                    }
                }
            }
            // 3. Rows and deliveries, in person order.
            for (i, pick) in batch.iter().enumerate() {
                let p = pick.person;
                let email_at = if rtz { self.zone_instant(&mut zones, &cad, date, p) } else { t };
                let base = Row { at: email_at, ep, stream: s, person: p, content: None, outcome: Outcome::Paused, cast_day: day };
                if pick.paused {
                    self.emit(base, Reactions::default());
                    continue;
                }
                self.set_exhausted(ep, p, pick.content.is_none());
                let Some(content) = pick.content else {
                    self.emit(Row { outcome: Outcome::Exhausted, ..base }, Reactions::default());
                    continue;
                };
                if rtz {
                    self.reserved.set(p, content);
                    let at = if c.content[content as usize].is_program { program_at } else { email_at };
                    self.pending.push(Reverse(Pending { at, stream: s, day, person: p, content }));
                } else {
                    self.deliver(s, day, p, content, t, secs, Some(draws[i]));
                }
            }
        }
    }

    /// The email instant of a recipient-time-zone cast on `date` for `p`,
    /// memoised per zone for the cast in `zones`.
    fn zone_instant(&self, zones: &mut Vec<(Option<Tz>, Instant)>, cad: &Cadence, date: crate::time::Date, p: u32) -> Instant {
        let tz = self.tz[p as usize];
        match zones.iter().find(|(z, _)| *z == tz) {
            Some(&(_, at)) => at,
            None => {
                let at = cadence::delivery_instant(cad, self.c.time_zone, tz, date, false);
                zones.push((tz, at));
                at
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
            } else if self.bits.get(p, it.content) {
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
    /// `secs` is `at.unix_seconds()`, computed once per cast by the caller;
    /// `uniforms` the email's [`email_uniforms`] when the caller has them.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn deliver(&mut self, s: u32, day: i32, p: u32, content: u32, at: Instant, secs: i64, uniforms: Option<[f64; 3]>) {
        let c = self.c;
        let ep = c.streams[s as usize].ep;
        let row = Row { at, ep, stream: s, person: p, content: Some(content), outcome: Outcome::Sent, cast_day: day };
        let info = &c.content[content as usize];
        let none = Reactions::default();
        if info.is_program {
            let passes = match &info.audience {
                None => true,
                Some(a) => self.holds_inline(a, p, ep),
            };
            self.consume(p, content);
            if !passes {
                if S::TRACE {
                    self.why.detail = Detail::AudienceFailed;
                }
                self.emit(Row { outcome: Outcome::ProgramFiltered, ..row }, none);
                return;
            }
            self.set_atom(p, content, AtomKind::ProgramMember);
            let mut reactions = Reactions::default();
            let key = delivery_key(self.person_key[p as usize], info.fnv, secs);
            let [u_success, u_unsub] = [Reaction::Success, Reaction::Unsubscribe].map(|k| uniform_of(key, k));
            let probs = self.tabled_probs(p, content);
            if u_success < self.draw_probability(probs, p, content, ep, Reaction::Success) {
                reactions.succeeded = true;
                self.set_atom(p, content, AtomKind::ProgramSuccess);
            }
            if u_unsub < self.draw_probability(probs, p, content, ep, Reaction::Unsubscribe) {
                reactions.unsubscribed = true;
                self.unsubscribe(p);
            }
            self.stats.record_in_cast(content, at, reactions);
            self.emit(Row { outcome: Outcome::ProgramEntered, ..row }, reactions);
            return;
        }
        if let Some(detail) = self.blocked(p) {
            if S::TRACE {
                self.why.detail = detail;
            }
            self.emit(Row { outcome: Outcome::BlockedPerson, ..row }, none);
            return;
        }
        if let Some(detail) = self.over_limit(p, at) {
            if S::TRACE {
                self.why.detail = detail;
            }
            self.emit(Row { outcome: Outcome::BlockedLimit, ..row }, none);
            return;
        }
        self.consume(p, content);
        self.set_atom(p, content, AtomKind::Received);
        self.sends.push(p, at);
        // The uniform numbers depend on nothing the draws change.
        let [u_open, u_click, u_unsub] = match uniforms {
            Some(u) if self.c.behavior.is_some() => u,
            _ => email_uniforms(self.person_key[p as usize], info.fnv, secs),
        };
        let reactions = match self.tabled_probs(p, content) {
            Some(probs) => {
                // Fixed probabilities: decide all three without branching
                // on the random outcomes (u ≥ 0, so p ≤ 0 never reacts).
                let opened = u_open < probs[0];
                Reactions {
                    opened,
                    clicked: opened & (u_click < probs[1]),
                    unsubscribed: u_unsub < probs[2],
                    succeeded: false,
                }
            }
            None => self.email_reactions_in_order(p, content, ep, [u_open, u_click, u_unsub]),
        };
        // Whether a fact is kept depends on the content only, so testing it
        // first keeps the random outcomes off the branch predictor.
        let atoms = self.content_atoms[content as usize];
        if atoms[atom_slot(AtomKind::Opened)] != NO_ATOM && reactions.opened {
            self.set_atom(p, content, AtomKind::Opened);
        }
        if atoms[atom_slot(AtomKind::Clicked)] != NO_ATOM && reactions.clicked {
            self.set_atom(p, content, AtomKind::Clicked);
        }
        if reactions.unsubscribed {
            self.unsubscribe(p);
        }
        self.stats.record_in_cast(content, at, reactions);
        self.emit(row, reactions);
    }

    /// The draws of an email delivery one after the other, each against the
    /// state the earlier ones left (R-BH-1): a multiplier may read `opened`
    /// of this very email. The facts are set as the draws go; setting them
    /// again afterwards changes nothing.
    fn email_reactions_in_order(&mut self, p: u32, content: u32, ep: u32, u: [f64; 3]) -> Reactions {
        let mut r = Reactions::default();
        let slot = |k| reaction_slot(k);
        if u[0] < self.probability(p, content, ep, slot(Reaction::Open)) {
            r.opened = true;
            self.set_atom(p, content, AtomKind::Opened);
            if u[1] < self.probability(p, content, ep, slot(Reaction::Click)) {
                r.clicked = true;
                self.set_atom(p, content, AtomKind::Clicked);
            }
        }
        r.unsubscribed = u[2] < self.probability(p, content, ep, slot(Reaction::Unsubscribe));
        r
    }

    /// A drawn unsubscribe, as of now (R-BH-1): it holds at once but blocks
    /// only later instants.
    fn unsubscribe(&mut self, p: u32) {
        let f = &mut self.person[p as usize];
        if *f & person::UNSUB == 0 {
            *f |= person::UNSUB | person::UNSUB_NOW;
            self.unsub_now.push(p);
            self.watch.touch_unsubscribed(p);
        }
    }

    /// R-CS-6: why `p` cannot be emailed now, if they cannot. An
    /// unsubscribe drawn at this very instant does not block yet.
    #[inline]
    fn blocked(&self, p: u32) -> Option<Detail> {
        let f = self.person[p as usize];
        if f & (person::NO_EMAIL | person::SUSPENDED | person::INVALID | person::UNSUB) == 0 {
            None
        } else if f & person::NO_EMAIL != 0 {
            Some(Detail::NoEmailAddress)
        } else if f & (person::UNSUB | person::UNSUB_NOW) == person::UNSUB {
            Some(Detail::Unsubscribed)
        } else if f & person::SUSPENDED != 0 {
            Some(Detail::MarketingSuspended)
        } else if f & person::INVALID != 0 {
            Some(Detail::EmailInvalid)
        } else {
            None
        }
    }

    /// R-LIM-1: which limit one more send at `at` would exceed, if any.
    fn over_limit(&self, p: u32, at: Instant) -> Option<Detail> {
        let limits = self.c.limits?;
        if let Some(limit) = limits.per_day {
            // Sends come in time order: the limit is reached when the k-th
            // most recent send fell on the same workspace-local day.
            if let Some(kth) = self.sends.kth_latest(p, limit as usize) {
                if at.0 - kth < 26 * MICROS_PER_HOUR
                    && Instant(kth).date_in(self.c.time_zone) == at.date_in(self.c.time_zone)
                {
                    return Some(Detail::PerDayLimit { count: limit, limit });
                }
            }
        }
        if let Some(limit) = limits.per_7_days {
            // R-LIM-1: sends s with t − 168 h < s ≤ t.
            if self.sends.kth_latest_after(p, limit as usize, at.0 - 168 * MICROS_PER_HOUR) {
                return Some(Detail::Per7DaysLimit { count: limit, limit });
            }
        }
        None
    }

    /// The four reaction probabilities of a delivery of `content` to `p`,
    /// from the [`ProbTable`] when there is one.
    #[inline(always)]
    fn tabled_probs(&self, p: u32, content: u32) -> Option<[f64; 4]> {
        let table = self.prob_table.as_ref()?;
        let mask = if table.masks > 1 {
            extract(self.bits.row(p), self.mult_base, table.masks.trailing_zeros()) as usize
        } else {
            0
        };
        table.probs.get(content as usize * table.masks + mask).copied()
    }

    /// The probability of one reaction of a delivery (R-BH-1), from its
    /// [`tabled_probs`](Self::tabled_probs) or computed now. A reaction
    /// happens when its uniform number is below it (R-BH-2); since the
    /// number is ≥ 0, a probability ≤ 0 never reacts.
    #[inline(always)]
    fn draw_probability(&self, probs: Option<[f64; 4]>, p: u32, content: u32, ep: u32, kind: Reaction) -> f64 {
        let slot = reaction_slot(kind);
        match probs {
            Some(probs) => probs[slot],
            None => self.probability(p, content, ep, slot),
        }
    }

    /// R-BH-1's probability, multiplier by multiplier, against the state now
    /// (a multiplier may read a fact an earlier draw of the delivery set).
    fn probability(&self, p: u32, content: u32, ep: u32, slot: usize) -> f64 {
        let Some(b) = &self.c.behavior else { return 0.0 };
        let mut prob = b.base[content as usize][slot];
        for (when, factors) in &b.multipliers {
            if let Some(f) = factors[slot] {
                if self.holds_inline(when, p, ep) {
                    prob *= f;
                }
            }
        }
        prob.min(1.0)
    }

    /// A person's current membership of an EP, or `None` (also for a
    /// membership not started yet: see [`scheduled`](Self::scheduled)).
    pub fn membership(&self, ep: u32, p: u32) -> Option<MemberView> {
        let ms = &self.ms[ep as usize];
        let f = ms.flags[p as usize];
        ms.is_member(p).then(|| MemberView {
            stream: self.c.eps[ep as usize].streams[ms.stream[p as usize] as usize],
            paused: f & flag::PAUSED != 0,
            exhausted: f & flag::EXHAUSTED != 0,
            scheduled: None,
        })
    }

    /// The plan's memberships that have not started yet, as of now.
    pub fn scheduled(&self) -> impl Iterator<Item = &'c MemberSpec> + '_ {
        let c = self.c;
        self.scheduled[self.next_scheduled..].iter().map(move |&i| &c.memberships[i as usize])
    }

    /// Memberships in list order: the plan's (without duplicates), then
    /// those added by events. An entry stays listed after its membership
    /// ends; a later entry for the same (EP, person) supersedes it.
    pub fn member_entries(&self) -> Vec<MemberEntry> {
        let mut dup = self.duplicates.iter().peekable();
        let mut out = Vec::with_capacity(self.c.memberships.len() + self.added.len());
        for (i, m) in self.c.memberships.iter().enumerate() {
            if dup.peek() == Some(&&(i as u32)) {
                dup.next();
                continue;
            }
            out.push(MemberEntry { person: m.person, ep: m.ep });
        }
        out.extend_from_slice(&self.added);
        out
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

/// Phase 1 of a walk (see [`Simulation::walk`]): up to `cap` more members
/// of the cast from `members`, each with their pick. Returns the number of
/// people considered (R-ME-3: those who entered at the instant being
/// processed are not). Works on the state arrays alone, so the loop keeps
/// their bounds in registers.
#[inline(always)]
fn pick_batch(
    members: &mut ByteScan,
    ms: &Memberships,
    bits: &PersonBits,
    reserved: Option<&PersonBits>,
    candidates: &Candidates,
    batch: &mut Vec<Pick>,
    cap: usize,
) -> u64 {
    let (stream, flags) = (&ms.stream[..], &ms.flags[..]);
    let mut considered = 0;
    while batch.len() < cap {
        let Some(q) = members.next(stream) else { break };
        let f = flags.get(q).copied().unwrap_or(flag::ENTERED_NOW);
        if f & flag::ENTERED_NOW != 0 {
            continue;
        }
        considered += 1;
        let p = q as u32;
        let paused = f & flag::PAUSED != 0;
        let content = if paused { None } else { candidates.first_free(bits.row(p), reserved.map(|r| r.row(p))) };
        batch.push(Pick { person: p, paused, content });
    }
    considered
}

/// The positions of one byte value in a byte array, in order, found eight
/// bytes at a time: a cast scans its EP's stream bytes for its members,
/// and most people may sit in other streams.
struct ByteScan {
    value: u8,
    /// Start of the block `mask` describes, and of the next block.
    base: usize,
    next: usize,
    /// Bit 8k+7 set: byte `base + k` matches (and is not reported yet).
    mask: u64,
}

impl ByteScan {
    fn new(value: u8) -> ByteScan {
        ByteScan { value, base: 0, next: 0, mask: 0 }
    }

    #[inline]
    fn next(&mut self, bytes: &[u8]) -> Option<usize> {
        while self.mask == 0 {
            if self.next >= bytes.len() {
                return None;
            }
            self.base = self.next;
            self.next = self.base + 8;
            let word = match bytes.get(self.base..self.next) {
                Some(b) => u64::from_le_bytes(b.try_into().expect("eight bytes")),
                None => {
                    // The tail, padded with a byte that cannot match.
                    let mut block = [!self.value; 8];
                    block[..bytes.len() - self.base].copy_from_slice(&bytes[self.base..]);
                    u64::from_le_bytes(block)
                }
            };
            self.mask = zero_bytes(word ^ (0x0101_0101_0101_0101 * u64::from(self.value)));
        }
        let k = (self.mask.trailing_zeros() / 8) as usize;
        self.mask &= self.mask - 1;
        Some(self.base + k)
    }
}

/// Bit 8k+7 set exactly where byte k of `x` is zero (no carries cross
/// bytes: each byte's low seven bits plus 0x7F stay below 0x100).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Totals of a finished run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunSummary {
    pub casts: u64,
    pub person_casts: u64,
    pub state_bytes_per_person: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_scan_finds_every_match_in_order() {
        for len in [0usize, 1, 7, 8, 9, 100, 203] {
            let bytes: Vec<u8> = (0..len).map(|i| if i % 7 == 3 || i + 1 == len { 2 } else { [0, 1, 3, 255, 130][i % 5] }).collect();
            for value in [2u8, 0, 1, 255, 130, 200] {
                let expected: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == value).collect();
                let mut scan = ByteScan::new(value);
                let found: Vec<usize> = std::iter::from_fn(|| scan.next(&bytes)).collect();
                assert_eq!(found, expected, "len {len}, value {value}");
            }
        }
    }

    #[test]
    fn candidate_runs_find_the_first_free_item() {
        let item = |content| Item { content, active: true, archived: false, from_day: i32::MIN, through_day: i32::MAX };
        // Contents 5,6,7 then 2 then 70..=140: three runs (the last split at 64).
        let mut items: Vec<Item> = [5, 6, 7, 2].into_iter().map(item).collect();
        items.extend((70..=140).map(item));
        let cands = Candidates::of(&items, 0);
        assert_eq!(cands.runs.len(), 4);
        let mut consumed = vec![0u64; 3];
        let set = |row: &mut Vec<u64>, i: u32| row[i as usize / 64] |= 1 << (i % 64);
        assert_eq!(cands.first_free(&consumed, None), Some(5));
        for i in [5, 6, 7, 2] {
            set(&mut consumed, i);
        }
        assert_eq!(cands.first_free(&consumed, None), Some(70));
        for i in 70..=133 {
            set(&mut consumed, i);
        }
        assert_eq!(cands.first_free(&consumed, None), Some(134));
        let mut reserved = vec![0u64; 3];
        set(&mut reserved, 134);
        assert_eq!(cands.first_free(&consumed, Some(&reserved)), Some(135));
        for i in 134..=140 {
            set(&mut consumed, i);
        }
        assert_eq!(cands.first_free(&consumed, None), None);
    }
}
