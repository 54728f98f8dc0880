//! Generated workloads: the benchmark plan of the engine issue, usable from
//! the CLI (`engagement-sim generate`), the benchmarks and the tests.

use crate::model::{
    AttrOp, AttrValue, Behavior, Cadence, CommunicationLimits, Condition, ContentId, ContentItem,
    ContentRef, Email, EngagementProgram, EpId, Membership, Multiplier, Pattern, Person,
    PersonCadence, Plan, Probabilities, SimulationWindow, Stream, StreamId, TimeOfDay, WeekdaySet,
    Workspace,
};
use crate::sim::draw::mix;
use crate::time::{parse_date, parse_instant, Weekday};
use chrono_tz::Tz;

const SEGMENTS: [&str; 4] = ["smb", "mid-market", "enterprise", "public-sector"];
const ZONES: [Tz; 6] = [
    Tz::America__New_York,
    Tz::America__Los_Angeles,
    Tz::Europe__London,
    Tz::Europe__Berlin,
    Tz::Asia__Tokyo,
    Tz::Australia__Sydney,
];

fn weekly(day: Weekday, every: u32, first: &str) -> Cadence {
    Cadence {
        pattern: Pattern::Weekly(WeekdaySet::from_days(&[day]).expect("one day")),
        every,
        first_cast: parse_date(first).expect("valid date"),
        time: TimeOfDay::new(9, 0).expect("valid time"),
        recipient_time_zone: false,
    }
}

/// The benchmark workload: one active program with three streams of 20
/// approved, active emails each (stream 1 weekly on Tuesdays; stream 2
/// weekly on Thursdays, pulling people who clicked stream 1's 3rd email;
/// stream 3 every 2 weeks on Mondays, pulling exhausted people), all at
/// 09:00 UTC from the first week of 2027, everyone starting in stream 1;
/// behaviour open 0.25, click 0.1, unsubscribe 0.003 with an
/// enterprise-segment multiplier; `per_7_days` 2 enforced; one year.
pub fn benchmark_plan(people: usize, seed: u64) -> Plan {
    let mut plan = Plan::empty("Benchmark workload");
    plan.workspace = Workspace {
        name: Some(format!("Benchmark workload, {people} people")),
        communication_limits: Some(CommunicationLimits { enforced: true, per_day: None, per_7_days: Some(2) }),
        ..Workspace::default()
    };
    let cadences = [
        weekly(Weekday::Tue, 1, "2027-01-05"),
        weekly(Weekday::Thu, 1, "2027-01-07"),
        weekly(Weekday::Mon, 2, "2027-01-04"),
    ];
    let mut streams = Vec::new();
    for (si, cadence) in cadences.into_iter().enumerate() {
        let mut content = Vec::new();
        for k in 1..=20 {
            let id = format!("s{}-e{k:02}", si + 1);
            plan.emails.push(Email {
                id: ContentId(id.clone()),
                name: Some(format!("Stream {} email {k}", si + 1)),
                subject: Some(format!("Nurture {} · {k}", si + 1)),
                approved: true,
                operational: false,
            });
            content.push(ContentItem { active: true, ..ContentItem::new(ContentRef::Email(ContentId(id))) });
        }
        let transition_rules = match si {
            1 => vec![Condition::Clicked(ContentId("s1-e03".into()))],
            2 => vec![Condition::Exhausted(true)],
            _ => vec![],
        };
        streams.push(Stream {
            id: StreamId(format!("s{}", si + 1)),
            name: Some(["Early stage", "Engaged", "Re-engage"][si].into()),
            cadence: Some(cadence),
            content,
            transition_rules,
        });
    }
    plan.engagement_programs.push(EngagementProgram {
        id: EpId("ep-bench".into()),
        name: Some("Benchmark nurture".into()),
        active: true,
        streams,
    });
    let added = parse_instant("2027-01-01T00:00:00Z").expect("valid instant");
    for i in 0..people {
        let h = mix(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let id = format!("p{i:07}");
        let mut p = Person::new(id.clone());
        p.email = Some(format!("{id}@example.com"));
        p.time_zone = Some(ZONES[(h % ZONES.len() as u64) as usize]);
        p.attributes.insert("segment".into(), AttrValue::Str(SEGMENTS[((h >> 8) % 4) as usize].into()));
        p.attributes.insert("score".into(), AttrValue::Num(((h >> 16) % 100) as f64));
        plan.people.push(p);
        plan.memberships.push(Membership {
            person: crate::model::PersonId(id),
            program: EpId("ep-bench".into()),
            stream: StreamId("s1".into()),
            cadence: PersonCadence::Normal,
            added_at: added,
        });
    }
    plan.behavior = Some(Behavior {
        seed,
        default: Probabilities { open: Some(0.25), click: Some(0.1), unsubscribe: Some(0.003), success: None },
        content: Default::default(),
        multipliers: vec![Multiplier {
            when: Condition::Attr { name: "segment".into(), op: AttrOp::Eq(AttrValue::Str("enterprise".into())) },
            factors: Probabilities { open: Some(1.3), click: Some(1.5), unsubscribe: None, success: None },
        }],
    });
    plan.simulation = Some(SimulationWindow {
        start: added,
        end: parse_instant("2028-01-01T00:00:00Z").expect("valid instant"),
    });
    plan
}

/// A content item of the sample, active unless said otherwise.
fn item(content: ContentRef, active: bool) -> ContentItem {
    ContentItem { active, ..ContentItem::new(content) }
}

fn email_ref(id: &str) -> ContentRef {
    ContentRef::Email(ContentId(id.into()))
}

fn program_ref(id: &str) -> ContentRef {
    ContentRef::Program(ContentId(id.into()))
}

fn cadence(pattern: Pattern, every: u32, first: &str, hour: u32, minute: u32, rtz: bool) -> Cadence {
    Cadence {
        pattern,
        every,
        first_cast: parse_date(first).expect("valid date"),
        time: TimeOfDay::new(hour, minute).expect("valid time"),
        recipient_time_zone: rtz,
    }
}

fn days(ds: &[Weekday]) -> Pattern {
    Pattern::Weekly(WeekdaySet::from_days(ds).expect("at least one day"))
}

fn attr_eq(name: &str, v: &str) -> Condition {
    Condition::Attr { name: name.into(), op: AttrOp::Eq(AttrValue::Str(v.into())) }
}

/// The built-in sample workspace the app opens on first run (kept as
/// `public/sample.plan.json`; a test checks the file equals this): two
/// active programs with weekly, monthly and recipient-time-zone cadences and
/// transition rules, a few dozen emails and content programs, 2,400 people
/// with time zones and attributes, history and a behaviour model.
pub fn sample_plan() -> Plan {
    use crate::model::{
        ContentProgram, HistoryEntry, MonthlyRule, Nth, PersonId, ProgramHistoryEntry, ProgramKind,
        ProgramStatus, WeekStart,
    };
    let mut plan = Plan::empty("Acme Analytics nurture");
    plan.workspace = Workspace {
        name: Some("Acme Analytics nurture".into()),
        time_zone: Tz::America__New_York,
        week_start: WeekStart::Sunday,
        communication_limits: Some(CommunicationLimits { enforced: true, per_day: Some(1), per_7_days: Some(3) }),
        ..Workspace::default()
    };
    let emails: &[(&str, &str, &str, bool, bool)] = &[
        ("e-welcome", "Welcome", "Welcome to Acme Analytics", true, false),
        ("e-getting-started", "Getting started", "Your first dashboard in 10 minutes", true, false),
        ("e-roi-guide", "ROI guide", "How teams measure analytics ROI", true, false),
        ("e-case-initech", "Case study: Initech", "How Initech cut reporting time by 60%", true, false),
        ("e-case-globex", "Case study: Globex", "Globex's single source of truth", true, false),
        ("e-data-quality", "Data quality checklist", "12 checks before you trust a number", true, false),
        ("e-benchmark", "Industry benchmark", "Where your team stands: 2027 benchmark", true, false),
        ("e-integrations", "Integrations", "Connect your warehouse in one click", true, false),
        ("e-security", "Security overview", "How we keep your data safe", true, false),
        ("e-pricing", "Pricing explained", "Plans that grow with you", true, false),
        ("e-demo-invite", "Demo invitation", "See Acme on your own data", true, false),
        ("e-trial-tips", "Trial tips", "Get the most out of your trial", true, false),
        ("e-sales-intro", "Meet your account executive", "A quick hello from your AE", true, false),
        ("e-roadmap", "Roadmap preview", "What's coming next quarter", true, false),
        ("e-spring-promo", "Spring promotion", "Spring offer: 20% off annual plans", true, false),
        ("e-summer-promo", "Summer promotion", "Summer offer (draft)", false, false),
        ("e-reengage-1", "We miss you", "Still thinking about better analytics?", true, false),
        ("e-reengage-2", "Last chance", "Should we stop writing?", true, false),
        ("e-onb-1", "Onboarding 1: set up", "Set up your workspace", true, false),
        ("e-onb-2", "Onboarding 2: invite", "Invite your team", true, false),
        ("e-onb-3", "Onboarding 3: first report", "Build your first report", true, false),
        ("e-onb-4", "Onboarding 4: alerts", "Never miss a change: alerts", true, false),
        ("e-onb-5", "Onboarding 5: sharing", "Share dashboards with stakeholders", true, false),
        ("e-adopt-1", "Adoption: power tips", "Five power-user tips", true, false),
        ("e-adopt-2", "Adoption: automation", "Automate your weekly report", true, false),
        ("e-adopt-3", "Adoption: advanced SQL", "Advanced queries made simple", true, false),
        ("e-adopt-4", "Adoption: certification", "Get certified, free", true, false),
        ("e-newsletter", "Monthly newsletter", "Acme monthly: what's new", true, false),
        ("e-password-reset", "Password reset", "Reset your password", true, true),
        ("e-invoice", "Invoice", "Your invoice", true, true),
    ];
    for (id, name, subject, approved, operational) in emails {
        plan.emails.push(Email {
            id: ContentId((*id).into()),
            name: Some((*name).into()),
            subject: Some((*subject).into()),
            approved: *approved,
            operational: *operational,
        });
    }
    let programs: Vec<(&str, &str, ProgramKind, Option<Condition>)> = vec![
        ("p-webinar", "Spring webinar: analytics that matter", ProgramKind::Event,
            Some(Condition::Attr { name: "country".into(), op: AttrOp::In(vec![AttrValue::Str("US".into()), AttrValue::Str("CA".into())]) })),
        ("p-roi-calculator", "ROI calculator", ProgramKind::Default, None),
        ("p-ebook", "Ebook: the data maturity model", ProgramKind::Default, None),
        ("p-customer-panel", "Customer panel (enterprise)", ProgramKind::Event, Some(attr_eq("segment", "enterprise"))),
        ("p-trial-extension", "Trial extension offer", ProgramKind::Default,
            Some(Condition::Attr { name: "score".into(), op: AttrOp::Gte(60.0) })),
        ("p-user-conference", "User conference 2027", ProgramKind::Event, None),
    ];
    for (id, name, kind, audience) in programs {
        plan.programs.push(ContentProgram { id: ContentId(id.into()), name: Some(name.into()), kind, audience });
    }
    use Weekday::*;
    let prospects = EngagementProgram {
        id: EpId("ep-prospects".into()),
        name: Some("New prospects nurture".into()),
        active: true,
        streams: vec![
            Stream {
                id: StreamId("s-early".into()),
                name: Some("Early stage".into()),
                cadence: Some(cadence(days(&[Tue]), 1, "2027-01-05", 10, 0, false)),
                content: vec![
                    item(email_ref("e-welcome"), true),
                    item(email_ref("e-getting-started"), true),
                    item(program_ref("p-ebook"), true),
                    item(email_ref("e-roi-guide"), true),
                    item(email_ref("e-data-quality"), true),
                    item(program_ref("p-webinar"), true),
                    item(email_ref("e-case-initech"), true),
                    item(email_ref("e-benchmark"), true),
                    item(email_ref("e-integrations"), true),
                    item(email_ref("e-security"), false),
                    ContentItem {
                        available_from: Some(parse_date("2027-03-01").expect("date")),
                        available_through: Some(parse_date("2027-04-15").expect("date")),
                        ..item(email_ref("e-spring-promo"), true)
                    },
                    item(email_ref("e-summer-promo"), false),
                ],
                transition_rules: vec![],
            },
            Stream {
                id: StreamId("s-engaged".into()),
                name: Some("Engaged".into()),
                cadence: Some(cadence(days(&[Thu]), 1, "2027-01-07", 10, 0, false)),
                content: vec![
                    item(email_ref("e-case-globex"), true),
                    item(program_ref("p-roi-calculator"), true),
                    item(email_ref("e-demo-invite"), true),
                    item(email_ref("e-pricing"), true),
                    item(program_ref("p-trial-extension"), true),
                    item(email_ref("e-trial-tips"), true),
                    item(email_ref("e-roadmap"), true),
                ],
                transition_rules: vec![Condition::Any(vec![
                    Condition::Clicked(ContentId("e-roi-guide".into())),
                    Condition::Attr { name: "score".into(), op: AttrOp::Gte(70.0) },
                ])],
            },
            Stream {
                id: StreamId("s-sales-ready".into()),
                name: Some("Sales ready".into()),
                cadence: Some(cadence(
                    Pattern::Monthly(MonthlyRule::NthWeekday { n: Nth::Second, day: Wed }),
                    1,
                    "2027-01-13",
                    11,
                    0,
                    false,
                )),
                content: vec![
                    item(email_ref("e-sales-intro"), true),
                    item(program_ref("p-customer-panel"), true),
                    item(email_ref("e-roadmap"), true),
                ],
                transition_rules: vec![Condition::All(vec![
                    Condition::Attr { name: "score".into(), op: AttrOp::Gte(85.0) },
                    Condition::Clicked(ContentId("e-demo-invite".into())),
                ])],
            },
            Stream {
                id: StreamId("s-cooling".into()),
                name: Some("Cooling off".into()),
                cadence: Some(cadence(days(&[Mon]), 2, "2027-01-11", 9, 30, false)),
                content: vec![item(email_ref("e-reengage-1"), true), item(email_ref("e-reengage-2"), true)],
                transition_rules: vec![Condition::All(vec![
                    Condition::Exhausted(true),
                    Condition::Not(Box::new(Condition::InStream(StreamId("s-sales-ready".into())))),
                ])],
            },
        ],
    };
    let onboarding = EngagementProgram {
        id: EpId("ep-onboarding".into()),
        name: Some("Customer onboarding".into()),
        active: true,
        streams: vec![
            Stream {
                id: StreamId("s-onboard".into()),
                name: Some("Onboarding".into()),
                cadence: Some(cadence(days(&[Mon, Thu]), 1, "2027-01-04", 9, 0, true)),
                content: (1..=5).map(|i| item(email_ref(&format!("e-onb-{i}")), true)).collect(),
                transition_rules: vec![],
            },
            Stream {
                id: StreamId("s-adoption".into()),
                name: Some("Adoption".into()),
                cadence: Some(cadence(Pattern::Monthly(MonthlyRule::DayOfMonth(15)), 1, "2027-01-15", 9, 0, false)),
                content: vec![
                    item(email_ref("e-adopt-1"), true),
                    item(email_ref("e-adopt-2"), true),
                    item(program_ref("p-user-conference"), true),
                    item(email_ref("e-adopt-3"), true),
                    item(email_ref("e-adopt-4"), true),
                    item(email_ref("e-newsletter"), true),
                ],
                transition_rules: vec![Condition::Exhausted(true)],
            },
        ],
    };
    plan.engagement_programs = vec![prospects, onboarding];

    const COUNTRIES: [(&str, Tz); 8] = [
        ("US", Tz::America__New_York),
        ("US", Tz::America__Los_Angeles),
        ("CA", Tz::America__Toronto),
        ("GB", Tz::Europe__London),
        ("DE", Tz::Europe__Berlin),
        ("IN", Tz::Asia__Kolkata),
        ("AU", Tz::Australia__Sydney),
        ("BR", Tz::America__Sao_Paulo),
    ];
    const INDUSTRIES: [&str; 5] = ["software", "retail", "finance", "healthcare", "manufacturing"];
    let added = parse_instant("2026-12-15T12:00:00Z").expect("instant");
    for i in 0..2400u64 {
        let h = mix(0x5a11_ab1e ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let id = format!("P{:05}", i + 1);
        let (country, tz) = COUNTRIES[(h % 8) as usize];
        let mut p = Person::new(id.clone());
        p.email = ((h >> 3) % 50 != 0).then(|| format!("{}@example.com", id.to_lowercase()));
        p.time_zone = ((h >> 6) % 10 != 0).then_some(tz);
        p.unsubscribed = (h >> 9) % 40 == 0;
        p.marketing_suspended = (h >> 12) % 150 == 0;
        p.attributes.insert("country".into(), AttrValue::Str(country.into()));
        p.attributes.insert("segment".into(), AttrValue::Str(SEGMENTS[((h >> 16) % 3) as usize].into()));
        p.attributes.insert("score".into(), AttrValue::Num(((h >> 20) % 101) as f64));
        p.attributes.insert("industry".into(), AttrValue::Str(INDUSTRIES[((h >> 28) % 5) as usize].into()));
        p.attributes.insert("customer".into(), AttrValue::Bool(i >= 1800));
        plan.people.push(p);
        let person = PersonId(id.clone());
        let joined = added.plus_hours((h >> 32) as i64 % (24 * 60));
        // Trial users (1650..1800) are nurtured and onboarded at once: they
        // show communication-limit pressure across programs.
        if (1650..1800).contains(&i) {
            plan.memberships.push(Membership {
                person: person.clone(),
                program: EpId("ep-onboarding".into()),
                stream: StreamId("s-onboard".into()),
                cadence: PersonCadence::Normal,
                added_at: joined,
            });
        }
        if i < 1800 {
            plan.memberships.push(Membership {
                person: person.clone(),
                program: EpId("ep-prospects".into()),
                stream: StreamId("s-early".into()),
                cadence: if (h >> 40) % 60 == 0 { PersonCadence::Paused } else { PersonCadence::Normal },
                added_at: joined,
            });
        } else {
            plan.memberships.push(Membership {
                person: person.clone(),
                program: EpId("ep-onboarding".into()),
                stream: StreamId("s-onboard".into()),
                cadence: PersonCadence::Normal,
                added_at: joined,
            });
        }
        if i % 7 == 0 {
            plan.history.push(HistoryEntry {
                person: person.clone(),
                email: ContentId("e-welcome".into()),
                at: Some(parse_instant("2026-11-20T15:00:00Z").expect("instant").plus_hours((h >> 44) as i64 % 200)),
                engagement: true,
                opened: (h >> 50) % 2 == 0,
                clicked: (h >> 51) % 5 == 0,
            });
        }
        if i % 23 == 0 {
            plan.program_history.push(ProgramHistoryEntry {
                person,
                program: ContentId("p-ebook".into()),
                status: if (h >> 52) % 3 == 0 { ProgramStatus::Success } else { ProgramStatus::Member },
                at: Some(parse_instant("2026-10-01T00:00:00Z").expect("instant")),
            });
        }
    }
    let mut content_probs = std::collections::BTreeMap::new();
    content_probs.insert(ContentId("e-roi-guide".into()), Probabilities { open: Some(0.35), click: Some(0.12), unsubscribe: None, success: None });
    content_probs.insert(ContentId("e-demo-invite".into()), Probabilities { open: Some(0.3), click: Some(0.15), unsubscribe: None, success: None });
    content_probs.insert(ContentId("p-webinar".into()), Probabilities { open: None, click: None, unsubscribe: None, success: Some(0.35) });
    plan.behavior = Some(Behavior {
        seed: 2027,
        default: Probabilities { open: Some(0.22), click: Some(0.04), unsubscribe: Some(0.002), success: Some(0.12) },
        content: content_probs,
        multipliers: vec![
            Multiplier {
                when: attr_eq("segment", "enterprise"),
                factors: Probabilities { open: Some(1.2), click: Some(1.4), unsubscribe: None, success: None },
            },
            Multiplier {
                when: Condition::Attr { name: "score".into(), op: AttrOp::Gte(70.0) },
                factors: Probabilities { open: Some(1.3), click: Some(1.5), unsubscribe: Some(0.5), success: None },
            },
        ],
    });
    plan.events = vec![crate::model::Event {
        at: parse_instant("2027-02-15T00:00:00Z").expect("instant"),
        kind: crate::model::EventKind::MoveContent {
            program: EpId("ep-prospects".into()),
            stream: StreamId("s-early".into()),
            content: ContentId("e-spring-promo".into()),
            to_index: 2,
        },
    }];
    plan.simulation = Some(SimulationWindow {
        start: parse_instant("2027-01-01T00:00:00Z").expect("instant"),
        end: parse_instant("2027-07-01T00:00:00Z").expect("instant"),
    });
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_a_valid_plan_that_round_trips() {
        let plan = sample_plan();
        let text = crate::plan::save_plan(&plan);
        let back = crate::plan::load_plan(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, plan);
        assert_eq!(plan.people.len(), 2400);
        assert!(plan.engagement_programs.iter().all(|ep| ep.active));
    }

    #[test]
    fn the_sample_simulates_with_every_kind_of_row() {
        let log = crate::output::send_log(&sample_plan()).unwrap();
        for outcome in ["sent", "program_entered", "program_filtered", "blocked_person", "blocked_limit", "exhausted", "paused"] {
            assert!(log.contains(&format!(",{outcome}\n")), "no {outcome} row");
        }
    }

    #[test]
    fn the_benchmark_plan_is_valid() {
        let text = crate::plan::save_plan(&benchmark_plan(50, 1));
        crate::plan::load_plan(&text).unwrap_or_else(|e| panic!("{e}"));
    }
}
