//! The synthetic generator's form ([`GeneratorForm`] → the engine's
//! [`SyntheticSpec`]) and how generated people join the plan
//! ([`with_people`]).

use chrono_tz::Tz;
use engine::audience::{ScoreSpec, SyntheticSpec, MAX_SYNTHETIC_PEOPLE};
use engine::model::{EpId, Membership, Person, PersonCadence, Plan, StreamId};
use engine::time::Instant;
use std::collections::HashSet;

/// The score distribution chosen in the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ScoreKind {
    None,
    Uniform,
    #[default]
    Normal,
}

/// The form's fields as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorForm {
    pub size: String,
    pub seed: String,
    pub id_prefix: String,
    /// Percent, 0–100.
    pub unsubscribed_percent: String,
    /// `zone: weight` entries, one a line or comma-separated; `workspace`
    /// is the workspace zone.
    pub time_zones: String,
    /// `segment: weight` entries.
    pub segments: String,
    pub score: ScoreKind,
    pub score_mean: String,
    pub score_sd: String,
    pub score_min: String,
    pub score_max: String,
}

impl Default for GeneratorForm {
    fn default() -> Self {
        GeneratorForm {
            size: "10000".into(),
            seed: "1".into(),
            id_prefix: "p".into(),
            unsubscribed_percent: "2".into(),
            time_zones:
                "America/New_York: 4\nAmerica/Los_Angeles: 2\nEurope/London: 2\nEurope/Berlin: 1\nAsia/Tokyo: 1".into(),
            segments: "smb: 5\nmid-market: 3\nenterprise: 2".into(),
            score: ScoreKind::Normal,
            score_mean: "50".into(),
            score_sd: "20".into(),
            score_min: "0".into(),
            score_max: "100".into(),
        }
    }
}

fn number(field: &str, text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{field}: {:?} is not a number", text.trim()))
}

/// `name: weight` entries (newline- or comma-separated); a missing weight is 1.
fn weights(field: &str, text: &str) -> Result<Vec<(String, f64)>, String> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for (k, entry) in text.split(['\n', ',']).map(str::trim).filter(|e| !e.is_empty()).enumerate() {
        let (name, w) = match entry.rsplit_once(':') {
            Some((n, w)) => (n.trim(), number(&format!("{field}, entry {} ({entry})", k + 1), w)?),
            None => (entry, 1.0),
        };
        if w < 0.0 {
            return Err(format!("{field}, entry {} ({entry}): the weight must not be negative", k + 1));
        }
        if name.is_empty() {
            return Err(format!("{field}, entry {} ({entry}): a name is missing", k + 1));
        }
        if out.iter().any(|(n, _)| n == name) {
            return Err(format!("{field}: {name:?} is listed twice"));
        }
        out.push((name.to_owned(), w));
    }
    Ok(out)
}

impl GeneratorForm {
    /// The spec, or the first problem naming its field.
    pub fn to_spec(&self) -> Result<SyntheticSpec, String> {
        let size = self.size.trim().replace([',', '_'], "");
        let size: usize = size
            .parse()
            .ok()
            .filter(|n| (1..=MAX_SYNTHETIC_PEOPLE).contains(n))
            .ok_or_else(|| format!("Number of people: enter a whole number from 1 to {MAX_SYNTHETIC_PEOPLE}"))?;
        let seed: u64 = self.seed.trim().parse().map_err(|_| "Seed: enter a whole number (0 or more)".to_owned())?;
        let prefix = self.id_prefix.trim();
        if prefix.is_empty() || prefix.chars().any(|c| c.is_whitespace() || c == ',' || c == '"') {
            return Err("Id prefix: enter letters or digits without spaces, commas or quotes".into());
        }
        let unsub = number("Unsubscribed share (%)", &self.unsubscribed_percent)?;
        if !(0.0..=100.0).contains(&unsub) {
            return Err("Unsubscribed share (%): enter a number from 0 to 100".into());
        }
        let time_zones = weights("Time zones", &self.time_zones)?
            .into_iter()
            .map(|(name, w)| {
                if name.eq_ignore_ascii_case("workspace") {
                    Ok((None, w))
                } else {
                    name.parse::<Tz>()
                        .map(|tz| (Some(tz), w))
                        .map_err(|_| format!("Time zones: {name:?} is not an IANA time zone (e.g. Europe/Berlin)"))
                }
            })
            .collect::<Result<Vec<_>, String>>()?;
        let segments = weights("Segments", &self.segments)?;
        let score = match self.score {
            ScoreKind::None => ScoreSpec::None,
            ScoreKind::Uniform => ScoreSpec::Uniform {
                min: number("Score minimum", &self.score_min)?,
                max: number("Score maximum", &self.score_max)?,
            },
            ScoreKind::Normal => ScoreSpec::Normal {
                mean: number("Score mean", &self.score_mean)?,
                sd: number("Score spread (sd)", &self.score_sd)?,
                min: number("Score minimum", &self.score_min)?,
                max: number("Score maximum", &self.score_max)?,
            },
        };
        let spec = SyntheticSpec {
            size,
            seed,
            id_prefix: prefix.to_owned(),
            unsubscribed_share: unsub / 100.0,
            time_zones,
            segments,
            score,
            ..SyntheticSpec::default()
        };
        match spec.problems().first() {
            Some(p) => Err(p.clone()),
            None => Ok(spec),
        }
    }
}

/// Whether generated people replace the audience or join it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The people, their memberships, send and program history are
    /// replaced (they described people who are gone).
    Replace,
    /// Added after the current people; refused when an id is taken.
    Append,
}

/// The plan with `people` placed, and, when `join` names a program and
/// one of its streams, the new people added to it at `now` (R-ME-3).
pub fn with_people(
    plan: &Plan,
    people: Vec<Person>,
    placement: Placement,
    join: Option<(EpId, StreamId)>,
    now: Instant,
) -> Result<Plan, String> {
    if let Some((ep, stream)) = &join {
        let p = plan
            .engagement_programs
            .iter()
            .find(|p| &p.id == ep)
            .ok_or_else(|| format!("Add to program: there is no program with id {:?}", ep.as_str()))?;
        if !p.streams.iter().any(|s| &s.id == stream) {
            return Err(format!("Add to program: the program has no stream with id {:?}", stream.as_str()));
        }
    }
    // The small parts copied, the audience's lists built below (never a
    // clone of a million people only to drop it).
    let mut next = Plan {
        workspace: plan.workspace.clone(),
        emails: plan.emails.clone(),
        programs: plan.programs.clone(),
        engagement_programs: plan.engagement_programs.clone(),
        people: Vec::new(),
        memberships: Vec::new(),
        history: Vec::new(),
        program_history: Vec::new(),
        behavior: plan.behavior.clone(),
        events: plan.events.clone(),
        simulation: plan.simulation,
    };
    match placement {
        Placement::Replace => {}
        Placement::Append => {
            let taken: HashSet<&str> = plan.people.iter().map(|p| p.id.as_str()).collect();
            let mut clashes = people.iter().filter(|p| taken.contains(p.id.as_str()));
            if let Some(first) = clashes.next() {
                let more = clashes.count();
                let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
                return Err(format!(
                    "Cannot append: {:?}{tail} already in the audience (ids must be unique). \
                     Choose another id prefix, or Replace",
                    first.id.as_str()
                ));
            }
            next.people = plan.people.clone();
            next.memberships = plan.memberships.clone();
            next.history = plan.history.clone();
            next.program_history = plan.program_history.clone();
        }
    }
    if let Some((program, stream)) = join {
        next.memberships.extend(people.iter().map(|p| Membership {
            person: p.id.clone(),
            program: program.clone(),
            stream: stream.clone(),
            cadence: PersonCadence::Normal,
            added_at: now,
        }));
    }
    next.people.extend(people);
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::{EngagementProgram, Stream};

    fn plan() -> Plan {
        let mut plan = Plan::empty("T");
        plan.engagement_programs = vec![EngagementProgram {
            id: EpId::new("ep"),
            name: None,
            active: true,
            streams: vec![Stream {
                id: StreamId::new("s"),
                name: None,
                cadence: None,
                content: vec![],
                transition_rules: vec![],
            }],
        }];
        plan.people = vec![Person::new("p0000000"), Person::new("old")];
        plan.memberships = vec![Membership {
            person: engine::model::PersonId::new("old"),
            program: EpId::new("ep"),
            stream: StreamId::new("s"),
            cadence: PersonCadence::Normal,
            added_at: Instant(0),
        }];
        plan
    }

    fn generated(n: usize, prefix: &str) -> Vec<Person> {
        let spec = GeneratorForm { size: n.to_string(), id_prefix: prefix.into(), ..GeneratorForm::default() }
            .to_spec()
            .unwrap();
        engine::audience::generate(&spec).unwrap().to_people()
    }

    #[test]
    fn the_default_form_is_the_engines_default_spec_at_ten_thousand() {
        let spec = GeneratorForm::default().to_spec().unwrap();
        assert_eq!(spec, SyntheticSpec { size: 10_000, ..SyntheticSpec::default() });
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = |f: GeneratorForm| f.to_spec().unwrap_err();
        let d = GeneratorForm::default;
        assert_eq!(
            bad(GeneratorForm { size: "1000001".into(), ..d() }),
            "Number of people: enter a whole number from 1 to 1000000"
        );
        assert_eq!(bad(GeneratorForm { size: "0".into(), ..d() }).split(':').next(), Some("Number of people"));
        assert_eq!(bad(GeneratorForm { seed: "-1".into(), ..d() }), "Seed: enter a whole number (0 or more)");
        assert_eq!(
            bad(GeneratorForm { time_zones: "Mars/Base: 1".into(), ..d() }),
            "Time zones: \"Mars/Base\" is not an IANA time zone (e.g. Europe/Berlin)"
        );
        assert_eq!(
            bad(GeneratorForm { segments: "a: 1, b: x".into(), ..d() }),
            "Segments, entry 2 (b: x): \"x\" is not a number"
        );
        assert_eq!(
            bad(GeneratorForm { unsubscribed_percent: "120".into(), ..d() }),
            "Unsubscribed share (%): enter a number from 0 to 100"
        );
        assert!(GeneratorForm { size: "1,000,000".into(), ..d() }.to_spec().is_ok());
        let ws = GeneratorForm { time_zones: "workspace: 1".into(), ..d() }.to_spec().unwrap();
        assert_eq!(ws.time_zones, [(None, 1.0)]);
    }

    #[test]
    fn replace_drops_the_old_people_and_their_memberships() {
        let next = with_people(&plan(), generated(3, "p"), Placement::Replace, None, Instant(5)).unwrap();
        let ids: Vec<&str> = next.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p0000000", "p0000001", "p0000002"]);
        assert!(next.memberships.is_empty());
        assert_eq!(next.engagement_programs, plan().engagement_programs);
    }

    #[test]
    fn append_refuses_taken_ids_and_keeps_the_rest() {
        let err = with_people(&plan(), generated(3, "p"), Placement::Append, None, Instant(5)).unwrap_err();
        assert_eq!(
            err,
            "Cannot append: \"p0000000\" already in the audience (ids must be unique). Choose another id prefix, or Replace"
        );
        let join = Some((EpId::new("ep"), StreamId::new("s")));
        let next = with_people(&plan(), generated(2, "q"), Placement::Append, join, Instant(5)).unwrap();
        assert_eq!(next.people.len(), 4);
        let members: Vec<(&str, Instant)> = next.memberships.iter().map(|m| (m.person.as_str(), m.added_at)).collect();
        assert_eq!(members, [("old", Instant(0)), ("q0000000", Instant(5)), ("q0000001", Instant(5))]);
    }

    #[test]
    fn joining_a_stream_of_another_program_is_refused() {
        let join = Some((EpId::new("ep"), StreamId::new("nope")));
        let err = with_people(&plan(), generated(1, "q"), Placement::Append, join, Instant(5)).unwrap_err();
        assert_eq!(err, "Add to program: the program has no stream with id \"nope\"");
    }
}
