use super::*;
use crate::model::AttrOp;
use proptest::prelude::*;

fn person(id: &str, attrs: &[(&str, AttrValue)]) -> Person {
    let mut p = Person::new(id);
    p.email = Some(format!("{id}@example.com"));
    for (k, v) in attrs {
        p.attributes.insert((*k).to_owned(), v.clone());
    }
    p
}

fn s(x: &str) -> AttrValue {
    AttrValue::Str(x.into())
}

fn sample() -> Vec<Person> {
    let mut a = person("1001", &[("segment", s("smb")), ("score", AttrValue::Num(12.0)), ("vip", AttrValue::Bool(true))]);
    a.time_zone = Some(Tz::Europe__Lisbon);
    let mut b = person("1002", &[("segment", s("enterprise")), ("score", AttrValue::Num(75.5))]);
    b.unsubscribed = true;
    // The same name with another type (legal in a plan, R-CD-2).
    let mut c = person("ABC-3", &[("score", s("high")), ("vip", AttrValue::Bool(false))]);
    c.email = None;
    c.time_zone = Some(Tz::America__New_York);
    let mut d = Person::new("ana");
    d.email = Some(String::new()); // present but empty: kept apart from none
    d.marketing_suspended = true;
    d.email_invalid = true;
    d.time_zone = Some(Tz::Europe__Lisbon);
    vec![a, b, c, d]
}

#[test]
fn from_people_and_back_is_lossless() {
    let people = sample();
    let a = Audience::from_people(&people).unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(a.to_people(), people);
    assert_eq!(a.zones(), &[Tz::Europe__Lisbon, Tz::America__New_York]);
    assert_eq!(
        a.attribute_columns().collect::<Vec<_>>(),
        [("score", AttrKind::Number), ("segment", AttrKind::Text), ("vip", AttrKind::YesNo), ("score", AttrKind::Text)]
    );
    assert_eq!(a.attribute_names(), ["score", "segment", "vip"]);
    assert_eq!(a.text_values("segment"), ["smb", "enterprise"]);
}

#[test]
fn person_view_reads_every_field() {
    let a = Audience::from_people(&sample()).unwrap();
    let p = a.get("ABC-3").unwrap();
    assert_eq!(p.index(), 2);
    assert_eq!(p.id(), "ABC-3");
    assert_eq!(p.email(), None);
    assert!(p.blocked());
    assert_eq!(p.time_zone(), Some(Tz::America__New_York));
    assert_eq!(p.attr("score"), Some(AttrRef::Str("high")));
    assert_eq!(p.attr("segment"), None);
    assert_eq!(p.attr("vip"), Some(AttrRef::Bool(false)));
    let q = a.person(0);
    assert_eq!(q.attr("score"), Some(AttrRef::Num(12.0)));
    assert_eq!(q.email(), Some("1001@example.com"));
    assert!(!q.blocked());
    let d = a.get("ana").unwrap();
    assert_eq!(d.email(), Some(""));
    assert!(d.marketing_suspended() && d.email_invalid() && !d.unsubscribed());
    assert_eq!(a.find("nobody"), None);
    assert!(a.index_bytes() > 0);
}

#[test]
fn from_people_refuses_empty_and_duplicate_ids() {
    let e = Audience::from_people(&[Person::new("a"), Person::new("")]).unwrap_err();
    assert_eq!(e, AudienceError::EmptyId { index: 1 });
    let e = Audience::from_people(&[Person::new("a"), Person::new("b"), Person::new("a")]).unwrap_err();
    assert_eq!(e, AudienceError::DuplicateId { id: "a".into(), first: 0, second: 2 });
    assert_eq!(e.to_string(), "people[2]: id \"a\" is already used by people[0]");
}

#[test]
fn builder_keeps_one_value_per_name() {
    let mut b = AudienceBuilder::new();
    let i = b.push(NewPerson { id: "x", ..NewPerson::default() }).unwrap();
    b.set_attr(i, "score", AttrRef::Num(5.0)).unwrap();
    b.set_attr(i, "score", AttrRef::Str("5")).unwrap();
    let a = b.finish();
    assert_eq!(a.person(0).attr("score"), Some(AttrRef::Str("5")));
    assert_eq!(a.person(0).attributes().count(), 1);
    // Continuing an audience keeps its dictionaries and index.
    let mut b = AudienceBuilder::from_audience(a);
    assert_eq!(b.push(NewPerson { id: "x", ..NewPerson::default() }).unwrap_err(), AudienceError::DuplicateId {
        id: "x".into(),
        first: 0,
        second: 1
    });
    let j = b.push(NewPerson { id: "y", ..NewPerson::default() }).unwrap();
    b.set_attr(j, "score", AttrRef::Str("5")).unwrap();
    let a = b.finish();
    assert_eq!(a.text_values("score"), ["5"]);
    assert_eq!(a.find("y"), Some(1));
}

fn filter(text: &str, attrs: Vec<(&str, AttrOp)>) -> Filter {
    Filter { text: text.into(), attributes: attrs.into_iter().map(|(k, o)| (k.to_owned(), o)).collect(), ..Filter::default() }
}

#[test]
fn matching_searches_ids_and_emails_and_compares_attributes() {
    let a = Audience::from_people(&sample()).unwrap();
    assert_eq!(a.matching(&Filter::default()), [0, 1, 2, 3]);
    assert_eq!(a.matching(&filter("abc", vec![])), [2], "case-insensitive id");
    assert_eq!(a.matching(&filter("EXAMPLE.COM", vec![])), [0, 1], "email");
    assert_eq!(a.matching(&filter("100", vec![])), [0, 1]);
    assert_eq!(a.matching(&filter("zzz", vec![])), Vec::<u32>::new());
    // R-CD-2 through AttrOp::holds: gte holds for numbers only; ne holds when missing.
    assert_eq!(a.matching(&filter("", vec![("score", AttrOp::Gte(50.0))])), [1]);
    assert_eq!(a.matching(&filter("", vec![("score", AttrOp::Eq(s("high")))])), [2]);
    assert_eq!(a.matching(&filter("", vec![("segment", AttrOp::Ne(s("smb")))])), [1, 2, 3]);
    assert_eq!(a.matching(&filter("", vec![("segment", AttrOp::Contains("prise".into()))])), [1]);
    assert_eq!(a.matching(&filter("", vec![("vip", AttrOp::Eq(AttrValue::Bool(true)))])), [0]);
    assert_eq!(a.matching(&filter("", vec![("vip", AttrOp::Eq(AttrValue::Num(1.0)))])), Vec::<u32>::new());
    assert_eq!(a.matching(&filter("", vec![("missing", AttrOp::Ne(s("x")))])), [0, 1, 2, 3]);
    assert_eq!(
        a.matching(&filter("1", vec![("score", AttrOp::In(vec![AttrValue::Num(12.0), AttrValue::Num(75.5)]))])),
        [0, 1]
    );
    let f = Filter { blocked: Some(true), ..Filter::default() };
    assert_eq!(a.matching(&f), [1, 2, 3]);
    let f = Filter { unsubscribed: Some(false), time_zone: Some(Some(Tz::Europe__Lisbon)), ..Filter::default() };
    assert_eq!(a.matching(&f), [0, 3]);
    let f = Filter { time_zone: Some(None), ..Filter::default() };
    assert_eq!(a.matching(&f), [1]);
    let f = Filter { time_zone: Some(Some(Tz::Asia__Tokyo)), ..Filter::default() };
    assert_eq!(a.matching(&f), Vec::<u32>::new());
}

#[test]
fn matching_agrees_with_holds_person_by_person() {
    let a = generate(&SyntheticSpec { size: 3000, seed: 9, no_email_share: 0.1, ..SyntheticSpec::default() }).unwrap();
    let ops = [
        ("score", AttrOp::Gte(60.0)),
        ("score", AttrOp::Lte(20.0)),
        ("segment", AttrOp::In(vec![s("smb"), s("enterprise")])),
        ("segment", AttrOp::Ne(s("smb"))),
        ("nothing", AttrOp::Eq(s("x"))),
    ];
    for (name, op) in ops {
        let got = a.matching(&filter("", vec![(name, op.clone())]));
        let want: Vec<u32> = a
            .people()
            .filter(|p| op.holds(p.attr(name).map(AttrRef::to_value).as_ref()))
            .map(|p| p.index() as u32)
            .collect();
        assert_eq!(got, want, "{name} {op:?}");
    }
}

// ---------------------------------------------------------------- codec

fn names(a: &Audience) -> Vec<String> {
    a.encode().into_iter().map(|(n, _)| n).collect()
}

#[test]
fn encode_names_one_buffer_per_column() {
    let a = Audience::from_people(&sample()).unwrap();
    assert_eq!(
        names(&a),
        [
            "meta",
            "ids",
            "ids_offsets",
            "emails",
            "emails_offsets",
            "emails_present",
            "zone_names",
            "zone_names_offsets",
            "zones",
            "unsubscribed",
            "marketing_suspended",
            "email_invalid",
            "attr:score:number",
            "attr:score:number:present",
            "attr:segment:text",
            "attr:segment:text:dict",
            "attr:segment:text:dict_offsets",
            "attr:vip:yesno",
            "attr:vip:yesno:present",
            "attr:score:text",
            "attr:score:text:dict",
            "attr:score:text:dict_offsets",
        ]
    );
    let enc = a.encode();
    let ids = &enc.iter().find(|(n, _)| n == "ids").unwrap().1;
    assert_eq!(ids, b"10011002ABC-3ana");
    let offs = &enc.iter().find(|(n, _)| n == "ids_offsets").unwrap().1;
    assert_eq!(offs, &[0, 0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 13, 0, 0, 0, 16, 0, 0, 0]);
    assert_eq!(&enc[0].1[..8], b"EPAU\x01\0\0\0");
}

#[test]
fn decode_of_encode_is_the_same_audience_in_any_buffer_order() {
    let a = Audience::from_people(&sample()).unwrap();
    let mut enc = a.encode();
    enc.reverse();
    let b = Audience::decode(&enc).unwrap();
    assert_eq!(b, a);
    assert_eq!(b.to_people(), sample());
    assert_eq!(b.find("ana"), Some(3));
    let empty = Audience::new();
    assert_eq!(Audience::decode(&empty.encode()).unwrap(), empty);
}

fn with(enc: &[(String, Vec<u8>)], name: &str, f: impl Fn(&mut Vec<u8>)) -> Vec<(String, Vec<u8>)> {
    let mut out = enc.to_vec();
    let b = &mut out.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no buffer {name}")).1;
    f(b);
    out
}

fn decode_err(enc: &[(String, Vec<u8>)]) -> String {
    Audience::decode(enc).unwrap_err().to_string()
}

#[test]
fn decode_explains_what_is_wrong() {
    let a = Audience::from_people(&sample()).unwrap();
    let enc = a.encode();
    let missing: Vec<_> = enc.iter().filter(|(n, _)| n != "zones").cloned().collect();
    assert_eq!(decode_err(&missing), "audience buffer \"zones\": missing");
    let mut extra = enc.clone();
    extra.push(("attr:x:text".into(), vec![]));
    assert_eq!(decode_err(&extra), "audience buffer \"attr:x:text\": not a buffer of this format version");
    let mut twice = enc.clone();
    twice.push(enc[1].clone());
    assert_eq!(decode_err(&twice), "audience buffer \"ids\": appears twice");
    assert!(decode_err(&with(&enc, "meta", |b| b[0] = b'X')).contains("magic"));
    assert!(decode_err(&with(&enc, "meta", |b| b[4] = 2)).contains("format version 2 is newer"));
    assert!(decode_err(&with(&enc, "meta", |b| b.truncate(10))).contains("truncated"));
    assert!(decode_err(&with(&enc, "meta", |b| b.push(0))).contains("after the column list"));
    assert!(decode_err(&with(&enc, "ids", |b| b[0] = 0xff)).contains("not UTF-8"));
    assert!(decode_err(&with(&enc, "ids_offsets", |b| b.truncate(16))).contains("4 offsets, expected 5"));
    assert!(decode_err(&with(&enc, "ids_offsets", |b| b[4] = 9)).contains("goes backwards"));
    assert!(decode_err(&with(&enc, "ids_offsets", |b| b[4] = 0)).contains("empty id"));
    assert!(decode_err(&with(&enc, "ids", |b| b[4..8].copy_from_slice(b"1001"))).contains("share the id \"1001\""));
    assert!(decode_err(&with(&enc, "emails_present", |b| b[0] |= 0x80)).contains("padding bit"));
    assert!(decode_err(&with(&enc, "zones", |b| b[0] = 9)).contains("zone 9 of 2"));
    assert!(decode_err(&with(&enc, "zones", |b| b.pop().map(|_| ()).unwrap())).contains("expected 4 × 2"));
    assert!(decode_err(&with(&enc, "zone_names", |b| b[0] = b'X')).contains("unknown time zone"));
    assert!(decode_err(&with(&enc, "attr:segment:text", |b| b[0] = 7)).contains("text 7 of 2"));
    assert!(decode_err(&with(&enc, "attr:segment:text:dict_offsets", |b| b[4] = 200)).contains("past the end"));
    // Person 2 ("ABC-3") has a text score; give them a number score too.
    assert!(decode_err(&with(&enc, "attr:score:number:present", |b| b[0] |= 0b100)).contains("two values for attribute \"score\""));
}

#[test]
fn decode_refuses_a_dictionary_listing_a_text_twice() {
    let mut b = AudienceBuilder::new();
    for (i, seg) in ["aa", "bb"].iter().enumerate() {
        let p = b.push(NewPerson { id: &i.to_string(), ..NewPerson::default() }).unwrap();
        b.set_attr(p, "seg", AttrRef::Str(seg)).unwrap();
    }
    let enc = b.finish().encode();
    let bad = with(&enc, "attr:seg:text:dict", |b| b.copy_from_slice(b"aaaa"));
    assert_eq!(decode_err(&bad), "audience buffer \"attr:seg:text:dict\": \"aa\" listed twice");
}

fn arb_value() -> impl Strategy<Value = AttrValue> {
    prop_oneof![
        "[a-c]{0,3}".prop_map(AttrValue::Str),
        (-1e6f64..1e6).prop_map(AttrValue::Num),
        any::<bool>().prop_map(AttrValue::Bool),
    ]
}

fn arb_people() -> impl Strategy<Value = Vec<Person>> {
    let zones = [None, Some(Tz::UTC), Some(Tz::Europe__Berlin), Some(Tz::Asia__Tokyo)];
    prop::collection::vec(
        (
            prop::option::of("[a-zé@.]{0,6}"),
            prop::sample::select(zones.to_vec()),
            any::<(bool, bool, bool)>(),
            prop::collection::btree_map(prop::sample::select(vec!["seg", "score", "vip", "名"]), arb_value(), 0..4),
        ),
        0..40,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (email, tz, (u, m, e), attrs))| Person {
                id: PersonId(format!("p{i}")),
                email,
                time_zone: tz,
                unsubscribed: u,
                marketing_suspended: m,
                email_invalid: e,
                attributes: attrs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn round_trip_of_random_audiences(people in arb_people()) {
        let a = Audience::from_people(&people).unwrap();
        prop_assert_eq!(a.to_people(), people.clone());
        let b = Audience::decode(&a.encode()).unwrap();
        prop_assert_eq!(b.encode(), a.encode());
        prop_assert!(b == a);
        prop_assert_eq!(b.to_people(), people);
    }

    /// Whatever storage hands back, decode answers without panicking.
    #[test]
    fn arbitrary_buffers_never_panic(
        target in 0usize..40,
        bytes in prop::collection::vec(any::<u8>(), 0..64),
        people in arb_people(),
    ) {
        let a = Audience::from_people(&people).unwrap();
        let mut enc = a.encode();
        let k = target % enc.len();
        enc[k].1 = bytes;
        let _ = Audience::decode(&enc);
    }

    #[test]
    fn corrupted_buffers_never_panic(
        people in arb_people(),
        target in 0usize..40,
        at in any::<prop::sample::Index>(),
        cut in any::<bool>(),
        byte in any::<u8>(),
    ) {
        let a = Audience::from_people(&people).unwrap();
        let mut enc = a.encode();
        let k = target % enc.len();
        let buf = &mut enc[k].1;
        if !buf.is_empty() {
            let i = at.index(buf.len());
            if cut { buf.truncate(i) } else { buf[i] ^= byte | 1 }
        } else {
            buf.push(byte);
        }
        if let Ok(b) = Audience::decode(&enc) {
            // A change decode accepts is still a consistent audience.
            let again = Audience::decode(&b.encode()).unwrap();
            prop_assert!(again == b);
            let _ = b.to_people();
        }
    }

    #[test]
    fn arbitrary_named_buffers_never_panic(
        bufs in prop::collection::vec(
            (prop::sample::select(vec!["meta", "ids", "ids_offsets", "emails", "emails_offsets", "emails_present",
                "zone_names", "zone_names_offsets", "zones", "unsubscribed", "marketing_suspended", "email_invalid"]),
             prop::collection::vec(any::<u8>(), 0..24)),
            0..14),
    ) {
        let _ = Audience::decode(&bufs);
        let mut meta = b"EPAU\x01\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0".to_vec();
        meta.truncate(20);
        let mut with_meta = bufs.iter().map(|(n, b)| (n.to_string(), b.clone())).collect::<Vec<_>>();
        with_meta.retain(|(n, _)| n != "meta");
        with_meta.push(("meta".into(), meta));
        let _ = Audience::decode(&with_meta);
    }
}

// ---------------------------------------------------------------- generator

#[test]
fn generation_is_deterministic_and_stable_across_sizes() {
    let spec = SyntheticSpec { size: 5000, seed: 42, no_email_share: 0.05, ..SyntheticSpec::default() };
    let a = generate(&spec).unwrap();
    let b = generate(&spec).unwrap();
    assert!(a == b);
    assert_eq!(a.encode(), b.encode());
    let other = generate(&SyntheticSpec { seed: 43, ..spec.clone() }).unwrap();
    assert!(a != other);
    let small = generate(&SyntheticSpec { size: 100, ..spec.clone() }).unwrap();
    for i in 0..100 {
        assert_eq!(small.person(i).to_person(), a.person(i).to_person());
    }
    assert_eq!(a.person(0).id(), "p0000000");
    assert_eq!(a.person(4999).id(), "p0004999");
    assert_eq!(a.find("p0001234"), Some(1234));
    let p = a.people().find(|p| p.email().is_some()).unwrap();
    assert_eq!(p.email().unwrap(), format!("{}@example.com", p.id()));
    // Generated audiences survive the codec and the builder.
    assert!(Audience::decode(&a.encode()).unwrap() == a);
    assert_eq!(Audience::from_people(&a.to_people()).unwrap().to_people(), a.to_people());
}

fn share(a: &Audience, f: impl Fn(&PersonRef<'_>) -> bool) -> f64 {
    a.people().filter(|p| f(p)).count() as f64 / a.len() as f64
}

#[test]
fn generated_distributions_follow_the_spec() {
    let spec = SyntheticSpec {
        size: 100_000,
        seed: 7,
        no_email_share: 0.1,
        unsubscribed_share: 0.05,
        time_zones: vec![(None, 1.0), (Some(Tz::Europe__Berlin), 3.0)],
        segments: vec![("a".into(), 1.0), ("b".into(), 1.0), ("c".into(), 2.0), ("never".into(), 0.0)],
        ..SyntheticSpec::default()
    };
    let a = generate(&spec).unwrap();
    let near = |got: f64, want: f64| assert!((got - want).abs() < 0.01, "{got} vs {want}");
    near(share(&a, |p| p.email().is_none()), 0.1);
    near(share(&a, |p| p.unsubscribed()), 0.05);
    near(share(&a, |p| p.time_zone().is_none()), 0.25);
    near(share(&a, |p| p.time_zone() == Some(Tz::Europe__Berlin)), 0.75);
    near(share(&a, |p| p.attr("segment") == Some(AttrRef::Str("a"))), 0.25);
    near(share(&a, |p| p.attr("segment") == Some(AttrRef::Str("c"))), 0.5);
    assert_eq!(share(&a, |p| p.attr("segment") == Some(AttrRef::Str("never"))), 0.0);
    let scores: Vec<f64> = a
        .people()
        .map(|p| match p.attr("score") {
            Some(AttrRef::Num(n)) => n,
            other => panic!("{other:?}"),
        })
        .collect();
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let sd = (scores.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / scores.len() as f64).sqrt();
    assert!((mean - 50.0).abs() < 0.5, "mean {mean}");
    assert!((sd - 20.0).abs() < 1.0, "sd {sd}"); // clamping to [0, 100] trims it a little
    assert!(scores.iter().all(|&x| (0.0..=100.0).contains(&x) && x.fract() == 0.0));

    let u = generate(&SyntheticSpec { size: 50_000, score: ScoreSpec::Uniform { min: 1.0, max: 4.0 }, ..spec }).unwrap();
    for v in 1..=4 {
        near(share(&u, |p| p.attr("score") == Some(AttrRef::Num(v as f64))), 0.25);
    }
}

#[test]
fn generation_without_zones_segments_or_score() {
    let spec = SyntheticSpec {
        size: 1000,
        time_zones: vec![],
        segments: vec![],
        score: ScoreSpec::None,
        id_prefix: String::new(),
        ..SyntheticSpec::default()
    };
    let a = generate(&spec).unwrap();
    assert_eq!(a.attribute_columns().count(), 0);
    assert!(a.people().all(|p| p.time_zone().is_none()));
    assert_eq!(a.person(7).id(), "0000007");
    assert_eq!(generate(&SyntheticSpec { size: 0, ..spec }).unwrap().len(), 0);
}

#[test]
fn bad_specs_are_refused_with_every_problem() {
    let spec = SyntheticSpec {
        size: MAX_SYNTHETIC_PEOPLE + 1,
        unsubscribed_share: 1.5,
        time_zones: vec![(Some(Tz::UTC), 1.0), (Some(Tz::UTC), -1.0)],
        segments: vec![("a".into(), 0.0)],
        score: ScoreSpec::Uniform { min: 3.5, max: 3.6 },
        ..SyntheticSpec::default()
    };
    let e = generate(&spec).unwrap_err();
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(
        lines,
        [
            "size 1000001 is more than 1000000 people",
            "unsubscribed_share 1.5 is not between 0 and 1",
            "time_zones: weights must be finite and not negative",
            "segments: the weights add up to 0",
            "time_zones: UTC listed twice",
            "score: no whole number between 3.5 and 3.6",
        ]
    );
}

/// Memory and speed at 1,000,000 people (release: `cargo test --release -p
/// engagement-engine bytes_per_person -- --ignored --nocapture`).
#[test]
#[ignore]
fn bytes_per_person_at_one_million() {
    let n = 1_000_000;
    let spec = SyntheticSpec {
        size: n,
        segments: vec![("smb".into(), 5.0), ("mid-market".into(), 3.0), ("enterprise".into(), 2.0)],
        ..SyntheticSpec::default()
    };
    let t = std::time::Instant::now();
    let mut a = generate(&spec).unwrap();
    let gen = t.elapsed();
    // A third attribute: a yes/no, through the builder.
    let t = std::time::Instant::now();
    let mut b = AudienceBuilder::from_audience(a);
    let col = b.column("customer", AttrKind::YesNo);
    for i in 0..n as u32 {
        b.set_in_column(i, col, AttrRef::Bool(i % 3 == 0)).unwrap();
    }
    a = b.finish();
    let third = t.elapsed();
    let bytes = a.heap_bytes();
    let t = std::time::Instant::now();
    let enc = a.encode();
    let encoded: usize = enc.iter().map(|(_, b)| b.len()).sum();
    let enc_t = t.elapsed();
    let t = std::time::Instant::now();
    let back = Audience::decode(&enc).unwrap();
    let dec_t = t.elapsed();
    let t = std::time::Instant::now();
    let hits = a.matching(&Filter {
        text: "99".into(),
        attributes: vec![("score".into(), AttrOp::Gte(50.0))],
        ..Filter::default()
    });
    let filter_t = t.elapsed();
    let t = std::time::Instant::now();
    let people = a.to_people();
    let to_people_t = t.elapsed();
    let t = std::time::Instant::now();
    let again = Audience::from_people(&people).unwrap();
    let from_people_t = t.elapsed();
    println!(
        "1M people, 3 attributes: {:.1} bytes/person in memory ({bytes} B), {:.1} bytes/person encoded, \
         id index {:.1} bytes/person; generate {gen:?}, third attribute {third:?}, encode {enc_t:?}, \
         decode {dec_t:?}, filter {filter_t:?} ({} hits), to_people {to_people_t:?}, from_people {from_people_t:?}",
        bytes as f64 / n as f64,
        encoded as f64 / n as f64,
        back.index_bytes() as f64 / n as f64,
        hits.len(),
    );
    assert!(again.len() == n && back == a);
}
