//! Names on disk: the words replays, saves and scripts use for actions and enum values.
//!
//! Each name is written out here, one per variant — never derived from `Debug` output and
//! never shared with translation keys (`Act::kind` and `*.key()` feed i18n and may change;
//! these may not). `tests/wire_names.rs` compares every name with the checked-in list
//! `tests/golden/wire_names.txt` and fails on any change.
//!
//! Adding a variant: the `match` below stops compiling until it has a name; add the name to
//! the `ALL`/`VERBS` list beside it, to the parser in `script.rs` if it is an action, and one
//! line to `tests/golden/wire_names.txt`. Enums serialised into replay or save JSON take
//! `#[serde(rename = "...")]` on every variant, for the same reason.

use crate::scenario::schema::{Circle, KeyInfo, Need, Role, Style};
use crate::sim::model::Criterion;
use crate::sim::types::{Act, Approach, Emphasis, Fact, Stance};

/// An enum value written to disk under a fixed name.
pub trait Wire: Sized + Copy + 'static {
    /// Every value, in a fixed order.
    const ALL: &'static [Self];
    /// Its name on disk.
    fn wire(self) -> &'static str;
    /// The value with this name on disk.
    fn from_wire(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.wire() == s)
    }
}

macro_rules! wire_enum {
    ($t:ty { $($v:path => $name:literal),+ $(,)? }) => {
        impl Wire for $t {
            const ALL: &'static [Self] = &[$($v),+];
            fn wire(self) -> &'static str {
                match self {
                    $($v => $name),+
                }
            }
        }
    };
}

wire_enum!(Role {
    Role::DecisionMaker => "decision_maker",
    Role::TechnicalLead => "technical_lead",
    Role::User => "user",
    Role::Procurement => "procurement",
    Role::Influencer => "influencer",
});

wire_enum!(Circle {
    Circle::Unaware => "unaware",
    Circle::Watcher => "watcher",
    Circle::Political => "political",
    Circle::Core => "core",
});

wire_enum!(Style {
    Style::Analytical => "analytical",
    Style::Amiable => "amiable",
    Style::Driver => "driver",
    Style::Expressive => "expressive",
});

wire_enum!(Need {
    Need::Power => "power",
    Need::Achievement => "achievement",
    Need::Recognition => "recognition",
    Need::Acceptance => "acceptance",
    Need::Security => "security",
});

wire_enum!(KeyInfo {
    KeyInfo::Participants => "participants",
    KeyInfo::Needs => "needs",
    KeyInfo::Budget => "budget",
    KeyInfo::Process => "process",
    KeyInfo::Competition => "competition",
});

wire_enum!(Criterion {
    Criterion::Technical => "technical",
    Criterion::Price => "price",
    Criterion::Business => "business",
});

wire_enum!(Emphasis {
    Emphasis::Technical => "technical",
    Emphasis::Price => "price",
    Emphasis::Business => "business",
});

wire_enum!(Stance {
    Stance::Firm => "firm",
    Stance::Balanced => "balanced",
    Stance::Yield => "yield",
});

/// The first word of an action's line.
pub fn verb(act: &Act) -> &'static str {
    match act {
        Act::DeskResearch => "desk_research",
        Act::ColdCall(_) => "cold_call",
        Act::Introduction { .. } => "introduction",
        Act::Meeting(..) => "meeting",
        Act::Seminar(_) => "seminar",
        Act::Demo(_) => "demo",
        Act::FactoryVisit(_) => "factory_visit",
        Act::ReferenceVisit(_) => "reference_visit",
        Act::Endorsement => "endorsement",
        Act::ExecutiveVisit(_) => "executive_visit",
        Act::BusinessMeal(_) => "business_meal",
        Act::Develop(_) => "develop",
        Act::ShapeTender(_) => "shape_tender",
        Act::Clarification => "clarification",
        Act::Objection => "objection",
        Act::Reframe(_) => "reframe",
        Act::Partner(_) => "partner",
        Act::Proposal => "proposal",
        Act::Bid { .. } => "bid",
        Act::Negotiate(_) => "negotiate",
        Act::Gift(_) => "gift",
        Act::Kickback(_) => "kickback",
        Act::ObtainRivalBid => "obtain_rival_bid",
        Act::Qualify(_) => "qualify",
        Act::Advance => "advance",
        Act::WalkAway => "walk_away",
        Act::Believe(..) => "believe",
        Act::EndWeek => "end_week",
    }
}

/// Every action verb, in the order of [`verb`].
pub const VERBS: &[&str] = &[
    "desk_research",
    "cold_call",
    "introduction",
    "meeting",
    "seminar",
    "demo",
    "factory_visit",
    "reference_visit",
    "endorsement",
    "executive_visit",
    "business_meal",
    "develop",
    "shape_tender",
    "clarification",
    "objection",
    "reframe",
    "partner",
    "proposal",
    "bid",
    "negotiate",
    "gift",
    "kickback",
    "obtain_rival_bid",
    "qualify",
    "advance",
    "walk_away",
    "believe",
    "end_week",
];

/// The approach word of a meeting (`ask:<key info>` for `AskInfo`).
pub fn approach(a: Approach) -> String {
    match a {
        Approach::ProbeNeeds => "probe".into(),
        Approach::Fabe => "fabe".into(),
        Approach::Rapport => "rapport".into(),
        Approach::AskInfo(k) => format!("ask:{}", k.wire()),
        Approach::WhereDoWeStand => "where".into(),
        Approach::ProposeNextStep => "next_step".into(),
    }
}

/// Every approach word (`ask:` takes a key information name after it).
pub const APPROACHES: &[&str] = &["probe", "fabe", "rapport", "ask:", "where", "next_step"];

/// The word naming what a `believe` line records.
pub fn fact(f: Fact) -> &'static str {
    match f {
        Fact::Role(_) => "role",
        Fact::Circle(_) => "circle",
        Fact::Style(_) => "style",
        Fact::Need(_) => "need",
        Fact::Allegiance(_) => "allegiance",
        Fact::Key(KeyInfo::Participants) => "decision_maker",
        Fact::Key(KeyInfo::Needs) => "criterion",
        Fact::Key(KeyInfo::Budget) => "budget",
        Fact::Key(KeyInfo::Process) => "tender_week",
        Fact::Key(KeyInfo::Competition) => "leading_rival",
        Fact::Rank => "rank",
        Fact::Rule(_) => "rule",
        Fact::RivalPrice(_) => "rival_price",
    }
}

/// Every fact word.
pub const FACTS: &[&str] = &[
    "role",
    "circle",
    "style",
    "need",
    "allegiance",
    "decision_maker",
    "criterion",
    "budget",
    "tender_week",
    "leading_rival",
    "rank",
    "rule",
    "rival_price",
];

/// The words of the qualification decision: go, no-go.
pub const QUALIFY: [&str; 2] = ["go", "no_go"];
