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
