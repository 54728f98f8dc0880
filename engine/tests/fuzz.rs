//! Hostile input, time-bounded (issue 6, "Hostile input"): the plan loader,
//! the CSV importers, the audience codec and the simulator never panic on
//! what they are handed.
//!
//! `make test` runs each target for a few seconds; for a longer run set
//! `FUZZ_SECONDS` (per target), e.g.
//! `FUZZ_SECONDS=600 cargo test --release -p engagement-engine --test fuzz -- --nocapture`.

use engine::audience::import::{import_history, import_memberships, import_people, import_program_history, propose_mapping, ImportMode};
use engine::audience::Audience;
use engine::sim::draw::mix;
use engine::time::Instant;
use std::path::Path;
use std::time::{Duration, Instant as Clock};

fn budget() -> Duration {
    let secs = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    Duration::from_secs_f64(secs)
}

/// A deterministic byte source (SplitMix64), seeded per target.
struct Bytes(u64);
impl Bytes {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            p.to_str()?.ends_with(".plan.json").then(|| std::fs::read_to_string(&p).ok()).flatten()
        })
        .collect();
    out.sort();
    out
}

/// Mutates text the way fuzzers do: flips, deletions, duplications,
/// splices of JSON-ish tokens.
fn mutate(r: &mut Bytes, text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    const TOKENS: [&str; 14] = ["{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999", "\"\\u0000\"", "99999999999999999999", "\"2027-13-45T99:99:99Z\""];
    for _ in 0..1 + r.below(6) {
        if b.is_empty() {
            break;
        }
        let i = r.below(b.len());
        match r.below(5) {
            0 => b[i] = r.next() as u8,
            1 => {
                let end = (i + r.below(40)).min(b.len());
                b.drain(i..end);
            }
            2 => {
                let end = (i + r.below(40)).min(b.len());
                let chunk = b[i..end].to_vec();
                let at = r.below(b.len());
                b.splice(at..at, chunk);
            }
            _ => {
                let t = TOKENS[r.below(TOKENS.len())].as_bytes();
                b.splice(i..i, t.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

#[test]
fn plan_loader_and_simulator_survive_mutated_plans() {
    let fx = fixtures();
    let mut r = Bytes(1);
    let (start, mut runs, mut loaded) = (Clock::now(), 0u64, 0u64);
    while start.elapsed() < budget() {
        let pick = r.below(fx.len());
        let text = mutate(&mut r, &fx[pick]);
        runs += 1;
        // Whatever loads must simulate, explain and save without panicking.
        if let Ok(plan) = engine::plan::load_plan(&text) {
            loaded += 1;
            let _ = engine::output::send_log(&plan);
            if let Some(p) = plan.people.first() {
                let _ = engine::explain::explain(&plan, p.id.as_str());
            }
            let again = engine::plan::load_plan(&engine::plan::save_plan(&plan));
            assert!(again.is_ok(), "a loaded plan saves to a loadable one");
        }
    }
    eprintln!("plan fuzz: {runs} inputs, {loaded} loaded");
    assert!(runs > 0);
}

fn random_csv(r: &mut Bytes) -> String {
    const CELLS: [&str; 16] = ["id", "email", "time_zone", "unsubscribed", "p1", "a@b.c", "Europe/Berlin", "yes", "0", "\"x,y\"", "\"a\"\"b\"", "\"line\nbreak\"", "", "50", "2027-01-01T00:00:00Z", "\u{feff}"];
    let mut s = String::new();
    for _ in 0..r.below(12) {
        for c in 0..r.below(6) {
            if c > 0 {
                s.push(',');
            }
            s.push_str(CELLS[r.below(CELLS.len())]);
        }
        s.push_str(if r.below(3) == 0 { "\r\n" } else { "\n" });
    }
    if r.below(4) == 0 {
        let b: Vec<u8> = (0..r.below(64)).map(|_| r.next() as u8).collect();
        s.push_str(&String::from_utf8_lossy(&b));
    }
    s
}

#[test]
fn csv_importers_survive_random_files() {
    let plan = engine::generate::sample_plan();
    let audience = Audience::from_people(&plan.people).unwrap();
    let mut r = Bytes(2);
    let (start, mut runs) = (Clock::now(), 0u64);
    while start.elapsed() < budget() {
        let text = random_csv(&mut r);
        runs += 1;
        if let Ok(mapping) = propose_mapping(&text) {
            for mode in [ImportMode::AllOrNothing, ImportMode::ValidRowsOnly] {
                let _ = import_people(&text, &mapping, mode);
            }
        }
        let _ = import_history(&text, &plan, &audience, ImportMode::ValidRowsOnly);
        let _ = import_program_history(&text, &plan, &audience, ImportMode::ValidRowsOnly);
        let _ = import_memberships(&text, &plan, &audience, Instant(0), ImportMode::ValidRowsOnly);
    }
    eprintln!("csv fuzz: {runs} inputs");
}

#[test]
fn audience_decoder_survives_corrupt_buffers() {
    let plan = engine::generate::sample_plan();
    let good = Audience::from_people(&plan.people[..50]).unwrap().encode();
    let mut r = Bytes(3);
    let (start, mut runs) = (Clock::now(), 0u64);
    while start.elapsed() < budget() {
        let mut cols = good.clone();
        for _ in 0..1 + r.below(3) {
            let c = r.below(cols.len());
            let buf = &mut cols[c].1;
            match r.below(3) {
                0 if !buf.is_empty() => {
                    let i = r.below(buf.len());
                    buf[i] = r.next() as u8;
                }
                1 => buf.truncate(r.below(buf.len() + 1)),
                _ => buf.extend((0..r.below(16)).map(|_| r.next() as u8)),
            }
        }
        runs += 1;
        let _ = Audience::decode(&cols);
    }
    eprintln!("codec fuzz: {runs} inputs");
}

/// A random condition over `ids` (attributes, emails, programs, streams),
/// nested up to `depth`; sometimes ill-typed or naming unknown ids, which
/// the loader must refuse with a message.
fn random_condition(r: &mut Bytes, ids: &Ids, depth: usize) -> serde_json::Value {
    use serde_json::json;
    let pick = |r: &mut Bytes, list: &[String]| -> String {
        if list.is_empty() || r.below(10) == 0 {
            "no-such-id".to_owned()
        } else {
            list[r.below(list.len())].clone()
        }
    };
    if depth > 0 && r.below(3) == 0 {
        let n = r.below(4); // 0: an empty group, refused
        let kids: Vec<_> = (0..n).map(|_| random_condition(r, ids, depth - 1)).collect();
        return match r.below(3) {
            0 => json!({ "all": kids }),
            1 => json!({ "any": kids }),
            _ => json!({ "not": random_condition(r, ids, depth - 1) }),
        };
    }
    match r.below(10) {
        0..=3 => {
            let attr = pick(r, &ids.attrs);
            let value = random_value(r);
            match r.below(6) {
                0 => json!({ "attr": attr, "eq": value }),
                1 => json!({ "attr": attr, "ne": value }),
                2 => json!({ "attr": attr, "in": (0..r.below(4)).map(|_| random_value(r)).collect::<Vec<_>>() }),
                3 => json!({ "attr": attr, "gte": value }),
                4 => json!({ "attr": attr, "lte": value }),
                _ => json!({ "attr": attr, "contains": value }),
            }
        }
        4 => json!({ ["received", "opened", "clicked"][r.below(3)]: pick(r, &ids.emails) }),
        5 => json!({ ["program_member", "program_success"][r.below(2)]: pick(r, &ids.programs) }),
        6 => json!({ "in_stream": pick(r, &ids.streams) }),
        7 => json!({ ["exhausted", "unsubscribed"][r.below(2)]: r.below(2) == 0 }),
        8 => json!({ "attr": pick(r, &ids.attrs) }), // no operator
        _ => json!({ "bogus": 1 }),
    }
}

fn random_value(r: &mut Bytes) -> serde_json::Value {
    use serde_json::json;
    match r.below(9) {
        0 => json!("US"),
        1 => json!("5"),
        2 => json!(5),
        3 => json!(-0.0),
        4 => json!(1e308),
        5 => json!(true),
        6 => json!(""),
        7 => json!(null),
        _ => json!((r.next() % 200) as f64 / 3.0),
    }
}

#[derive(Default)]
struct Ids {
    attrs: Vec<String>,
    emails: Vec<String>,
    programs: Vec<String>,
    streams: Vec<String>,
}

fn ids_of(plan: &serde_json::Value) -> Ids {
    let list = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().into_iter().flatten().filter_map(|x| x["id"].as_str().map(str::to_owned)).collect()
    };
    let streams = plan["engagement_programs"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|ep| list(&ep["streams"]))
        .collect();
    Ids {
        attrs: vec!["country".into(), "score".into(), "segment".into(), "vip".into()],
        emails: list(&plan["emails"]),
        programs: list(&plan["programs"]),
        streams,
    }
}

/// The condition evaluator (R-CD): random conditions as transition rules,
/// program audiences and behaviour multipliers, over people with values
/// of every type, through the loader and then the simulator.
#[test]
fn condition_evaluator_survives_random_conditions() {
    let fx: Vec<serde_json::Value> = fixtures().iter().map(|t| serde_json::from_str(t).unwrap()).collect();
    let mut r = Bytes(4);
    let (start, mut runs, mut loaded) = (Clock::now(), 0u64, 0u64);
    while start.elapsed() < budget() {
        let mut plan = fx[r.below(fx.len())].clone();
        let ids = ids_of(&plan);
        // Deep enough, now and then, to pass the loader's depth limit.
        let depth = if r.below(50) == 0 { 80 } else { 4 };
        if let Some(people) = plan["people"].as_array_mut() {
            for p in people {
                let mut attrs = serde_json::Map::new();
                for a in &ids.attrs {
                    if r.below(3) != 0 {
                        attrs.insert(a.clone(), random_value(&mut r));
                    }
                }
                p["attributes"] = serde_json::Value::Object(attrs);
            }
        }
        if let Some(eps) = plan["engagement_programs"].as_array_mut() {
            for ep in eps {
                for s in ep["streams"].as_array_mut().into_iter().flatten() {
                    let rules: Vec<_> = (0..r.below(3)).map(|_| random_condition(&mut r, &ids, depth)).collect();
                    s["transition_rules"] = serde_json::Value::Array(rules);
                }
            }
        }
        if let Some(programs) = plan["programs"].as_array_mut() {
            for p in programs {
                p["audience"] = random_condition(&mut r, &ids, depth);
            }
        }
        let when = random_condition(&mut r, &ids, depth);
        let behavior = plan.as_object_mut().unwrap().entry("behavior").or_insert_with(|| serde_json::json!({}));
        behavior["multipliers"] = serde_json::json!([{ "when": when, "open": 1.5, "click": 0.5 }]);
        runs += 1;
        match engine::plan::load_plan(&plan.to_string()) {
            Ok(plan) => {
                loaded += 1;
                let _ = engine::output::send_log(&plan);
            }
            Err(errors) => assert!(errors.iter().all(|e| !e.to_string().is_empty()), "every refusal says why"),
        }
    }
    eprintln!("condition fuzz: {runs} inputs, {loaded} loaded and simulated");
    assert!(runs > 0);
}
