//! The run's shortcuts change no result: incremental transition rules
//! (only people whose facts changed are evaluated again) and the tabled
//! reaction probabilities give exactly the rows and moves of the run
//! without them, on random plans that use every feature (rules of every
//! kind, attribute, audience and multiplier conditions, recipient time
//! zones, limits, history with seconds, and every kind of event).

use engine::model::*;
use engine::sim::{compile, Simulation, VecSink};
use proptest::prelude::*;

mod common;
use common::{random_plan, EVERYTHING};

fn run(plan: &Plan, shortcuts: bool) -> VecSink {
    let w = plan.simulation.unwrap();
    let c = compile(plan, w.start, w.end, None).unwrap();
    let sim = Simulation::new(&c, VecSink::default(), false);
    let mut sim = if shortcuts { sim } else { sim.without_shortcuts() };
    sim.run();
    sim.into_sink()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// R-TR-2 evaluated incrementally equals R-TR-2 evaluated in full; the
    /// probability table equals the draw-by-draw computation (R-BH-1).
    #[test]
    fn shortcuts_change_no_row_and_no_move(seed in any::<u64>()) {
        let plan = random_plan(seed, EVERYTHING);
        let fast = run(&plan, true);
        let full = run(&plan, false);
        prop_assert_eq!(&fast.moves, &full.moves);
        prop_assert_eq!(fast.sorted(), full.sorted());
    }

    /// The generator makes only valid plans: the loader accepts each one as
    /// written, so the shortcuts are checked on plans a user could load.
    #[test]
    fn random_plans_are_valid_plan_files(seed in any::<u64>()) {
        let plan = random_plan(seed, EVERYTHING);
        let loaded = engine::plan::load_plan(&engine::plan::save_plan(&plan));
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err());
    }
}
