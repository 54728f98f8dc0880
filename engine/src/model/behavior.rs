//! The behaviour model (R-BH-1): per-reaction probabilities and multipliers.

use super::{Condition, ContentId};
use std::collections::BTreeMap;

/// The four simulated reactions, with their R-BH-2 `kind` numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reaction {
    Open = 1,
    Click = 2,
    Unsubscribe = 3,
    Success = 4,
}

/// Probabilities per reaction; `None`: not given here.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Probabilities {
    pub open: Option<f64>,
    pub click: Option<f64>,
    pub unsubscribe: Option<f64>,
    pub success: Option<f64>,
}

impl Probabilities {
    pub fn get(&self, r: Reaction) -> Option<f64> {
        match r {
            Reaction::Open => self.open,
            Reaction::Click => self.click,
            Reaction::Unsubscribe => self.unsubscribe,
            Reaction::Success => self.success,
        }
    }
}

/// Factors applied when `when` holds for the person (R-BH-1).
#[derive(Clone, Debug, PartialEq)]
pub struct Multiplier {
    pub when: Condition,
    pub factors: Probabilities,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Behavior {
    pub seed: u64,
    pub default: Probabilities,
    pub content: BTreeMap<ContentId, Probabilities>,
    pub multipliers: Vec<Multiplier>,
}
