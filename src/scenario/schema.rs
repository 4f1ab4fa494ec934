//! The scenario file format: what a trainer writes in RON, field by field.
//!
//! Every type here is plain serde data. `docs/scenario-format.md` documents each field;
//! `validate.rs` checks meaning; `compile.rs` turns a checked file into the engine's form.

use serde::{Deserialize, Serialize};

/// A text given in one or both UI languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub zh: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, falling back to the other language, then to "".
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        let (first, second) = match lang {
            crate::i18n::Lang::Zh => (&self.zh, &self.en),
            crate::i18n::Lang::En => (&self.en, &self.zh),
        };
        first.as_deref().or(second.as_deref()).unwrap_or("")
    }

    pub fn has(&self, lang: crate::i18n::Lang) -> bool {
        match lang {
            crate::i18n::Lang::Zh => self.zh.as_deref().is_some_and(|s| !s.trim().is_empty()),
            crate::i18n::Lang::En => self.en.as_deref().is_some_and(|s| !s.trim().is_empty()),
        }
    }
}

/// One scenario: one account, one project. Files may open with `Scenario(` (or just `(`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Scenario", deny_unknown_fields)]
pub struct ScenarioFile {
    /// Unique id, lowercase letters, digits and `_`.
    pub id: String,
    /// The scenario's version, raised by its author whenever the file changes in a way that
    /// makes old replays of it stop verifying (shown in the leaderboard). Default 1.
    #[serde(default = "first_version")]
    pub version: u32,
    /// Languages the texts are complete in: `["zh", "en"]`.
    pub languages: Vec<String>,
    pub title: Text,
    pub summary: Text,
    pub difficulty: Difficulty,
    /// Minutes a trainee needs for one playthrough.
    pub expected_minutes: u32,
    pub learning_goals: Vec<Text>,
    /// A companion-bid trap (陪标): the customer has already chosen; the right play is to walk away.
    #[serde(default)]
    pub trap: bool,
    /// Private notes for the facilitator: hidden truth, intended lessons, debrief questions.
    #[serde(default)]
    pub facilitator_notes: Option<Text>,
    pub customer: Customer,
    pub project: Project,
    pub our_company: OurCompany,
    pub resources: Resources,
    pub stakeholders: Vec<StakeholderDef>,
    pub rivals: Vec<RivalDef>,
    #[serde(default)]
    pub events: Vec<EventDef>,
    /// Events the facilitator of a workshop room may fire (never fired by themselves).
    #[serde(default)]
    pub injects: Vec<InjectDef>,
    /// Overrides of the default action tuning.
    #[serde(default)]
    pub tuning: crate::sim::tuning::Tuning,
}

fn first_version() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    Tutorial,
    Standard,
    Advanced,
    Expert,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    pub name: Text,
    pub industry: Industry,
    pub tier: Tier,
    pub attractiveness: Attractiveness,
    #[serde(default)]
    pub description: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Industry {
    Government,
    Finance,
    Manufacturing,
    Healthcare,
    Energy,
    Education,
    Conglomerate,
    Telecom,
    Other,
}

/// Account tier (白金卡/金卡/银卡).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tier {
    Platinum,
    Gold,
    Silver,
}

/// The attractiveness factors of DOMAIN.md §2, each 1 (poor) to 5 (excellent).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attractiveness {
    pub market_size: u8,
    pub growth: u8,
    pub customer_awareness: u8,
    /// 5 = little competition.
    pub competition: u8,
    pub existing_relationship: u8,
    /// 5 = easy to deliver.
    pub delivery_ease: u8,
    pub funding_and_credit: u8,
    pub government_support: u8,
}

impl Attractiveness {
    pub fn values(&self) -> [(&'static str, u8); 8] {
        [
            ("market_size", self.market_size),
            ("growth", self.growth),
            ("customer_awareness", self.customer_awareness),
            ("competition", self.competition),
            ("existing_relationship", self.existing_relationship),
            ("delivery_ease", self.delivery_ease),
            ("funding_and_credit", self.funding_and_credit),
            ("government_support", self.government_support),
        ]
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: Text,
    pub description: Text,
    /// The true budget in 万元 (10,000 CNY). Bids above it are rejected.
    pub budget: u32,
    /// Week the tender document is issued; the stage jumps to Tender then.
    pub tender_week: u32,
    /// Bids are due at the end of this week; the last week of play before evaluation.
    pub bid_week: u32,
    pub procurement: Procurement,
    pub evaluation: Evaluation,
    /// Stakeholder ids who sit on the evaluation committee.
    pub committee: Vec<String>,
    /// Outside experts on the committee: neutral, they score on merit only.
    #[serde(default)]
    pub outside_experts: u32,
    /// Qualification rules the tender may contain.
    #[serde(default)]
    pub qualification_rules: Vec<QualificationRule>,
    /// Contract margin (0..1) a trainer would call a good result.
    #[serde(default = "default_target_margin")]
    pub target_margin: f64,
    /// Who really decides or carries weight varies with the seed: each swap, with its
    /// chance, exchanges the hidden role, power circle and knowledge of two people (their
    /// titles stay: a title hints, evidence decides).
    #[serde(default)]
    pub role_swaps: Vec<RoleSwap>,
    /// Whether the budget is published (the procurement intention and the tender state
    /// it), as in government procurement, public hospitals and schools included. Default:
    /// published when the customer's industry is `Government`.
    #[serde(default)]
    pub budget_public: Option<bool>,
}

/// Two people whose hidden role, circle and knowledge the seed may exchange.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSwap {
    pub a: String,
    pub b: String,
    /// Chance 0..1 that the swap holds on a given seed.
    pub chance: f64,
}

fn default_target_margin() -> f64 {
    0.3
}

/// The procurement form (公开招标 / 邀标 / 议标 / 单一来源).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Procurement {
    OpenTender,
    InvitedTender,
    Negotiated,
    SingleSource,
}

/// How bids are evaluated. Comprehensive weights are percentages that sum to 100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Evaluation {
    /// 综合评分法: technical, price and business points.
    Comprehensive {
        technical: u32,
        price: u32,
        business: u32,
    },
    /// 最低价中标: the lowest price among technically compliant bids wins.
    LowestCompliantPrice,
}

/// A qualification the tender may require (e.g. a licence, a local service centre).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationRule {
    pub id: String,
    pub text: Text,
    /// Whether the rule is in the tender regardless of who shapes it.
    #[serde(default)]
    pub always: bool,
    /// Whether our company meets it.
    pub we_meet: bool,
    /// Rival ids who do not meet it.
    #[serde(default)]
    pub rivals_failing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OurCompany {
    pub name: Text,
    pub product: Text,
    /// Our list price for this project, 万元.
    pub list_price: u32,
    /// Our delivery cost, 万元. Selling below it loses money.
    pub cost: u32,
    /// Base technical merit of our solution for this customer, 0..100.
    pub technical_strength: u32,
    /// Brand and reference strength, 0..100.
    pub brand: u32,
}

/// What the player can spend each week and in total.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    /// The sales rep's days per week.
    pub rep_days: u32,
    /// Pre-sales engineer days per week.
    pub presales_days: u32,
    /// Executive visits for the whole project.
    pub executive_visits: u32,
    /// Expense budget for the whole project, 万元.
    pub expense_budget: f64,
}

/// A role in the purchase (参与购买者的角色).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    #[serde(rename = "DecisionMaker")]
    DecisionMaker,
    #[serde(rename = "TechnicalLead")]
    TechnicalLead,
    #[serde(rename = "User")]
    User,
    #[serde(rename = "Procurement")]
    Procurement,
    #[serde(rename = "Influencer")]
    Influencer,
}

/// Power circle (权力圈): how much a person can move the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Circle {
    #[serde(rename = "Unaware")]
    Unaware,
    #[serde(rename = "Watcher")]
    Watcher,
    #[serde(rename = "Political")]
    Political,
    #[serde(rename = "Core")]
    Core,
}

/// Behaviour style (行为处事风格).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Style {
    #[serde(rename = "Analytical")]
    Analytical,
    #[serde(rename = "Amiable")]
    Amiable,
    #[serde(rename = "Driver")]
    Driver,
    #[serde(rename = "Expressive")]
    Expressive,
}

/// Personal need (个人需求).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Need {
    #[serde(rename = "Power")]
    Power,
    #[serde(rename = "Achievement")]
    Achievement,
    #[serde(rename = "Recognition")]
    Recognition,
    #[serde(rename = "Acceptance")]
    Acceptance,
    #[serde(rename = "Security")]
    Security,
}

/// The five kinds of key information of the information chain, plus the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KeyInfo {
    /// Who takes part in the purchase.
    Participants,
    /// Needs and buying criteria.
    Needs,
    Budget,
    /// Decision process and time frame.
    Process,
    /// Competitive situation: who the customer leans to.
    Competition,
}

impl KeyInfo {
    pub const ALL: [KeyInfo; 5] = [
        KeyInfo::Participants,
        KeyInfo::Needs,
        KeyInfo::Budget,
        KeyInfo::Process,
        KeyInfo::Competition,
    ];
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StakeholderDef {
    pub id: String,
    pub name: Text,
    pub title: Text,
    pub department: Text,
    #[serde(default)]
    pub reports_to: Option<String>,
    /// On the public org chart from the start; others are found by research and introductions.
    #[serde(default = "yes")]
    pub visible: bool,
    /// Joins the account only when an event brings him in (a reshuffle).
    #[serde(default)]
    pub arrives_by_event: bool,
    pub role: Role,
    pub circle: Circle,
    /// One style, or a pool the seed picks from.
    pub style: Vec<Style>,
    /// One need, or a pool the seed picks from.
    pub need: Vec<Need>,
    /// Attitude to us at the start, -100..100.
    #[serde(default)]
    pub attitude: i32,
    /// The seed adds a uniform offset in -spread..=spread to every attitude.
    #[serde(default)]
    pub attitude_spread: i32,
    /// Attitude to each rival at the start.
    #[serde(default)]
    pub rival_attitudes: Vec<RivalAttitude>,
    /// Key information this person holds. Default: by circle.
    #[serde(default)]
    pub knows: Option<Vec<KeyInfo>>,
    /// How freely he shares what he knows, 0..1.
    #[serde(default = "half")]
    pub openness: f64,
    /// How truthfully, 0..1. A low value means guesses and exaggeration.
    #[serde(default = "one")]
    pub honesty: f64,
    /// A rival who planted or uses this person to feed us false information.
    #[serde(default)]
    pub planted_by: Option<String>,
    /// Chance 0..1 that the plant is real on a given seed (default 1 when planted_by is set).
    #[serde(default = "one")]
    pub planted_chance: f64,
    /// People whose opinion moves this person's, besides his boss.
    #[serde(default)]
    pub ties: Vec<Tie>,
    /// Can later become an informant, sponsor or coach at all.
    #[serde(default = "yes")]
    pub can_support: bool,
}

fn yes() -> bool {
    true
}
fn half() -> f64 {
    0.5
}
fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RivalAttitude {
    pub rival: String,
    pub attitude: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tie {
    pub to: String,
    /// 0..1: how strongly `to`'s attitude pulls this person's each week.
    pub strength: f64,
}

impl RivalDef {
    /// The rival's floor ([`RivalDef::floor`]) with its default.
    pub fn floor(&self) -> f64 {
        self.floor.unwrap_or(0.7_f64.min(self.price_ratio))
    }
}

/// A rival's selling profile (DOMAIN.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RivalProfile {
    /// Wins on price, bids low.
    LowPrice,
    /// Courts the decision maker and the core circle.
    Relationship,
    /// Wins the technical lead and shapes the specification.
    TechnicalLeader,
    /// Already installed at the customer; defends its position.
    Incumbent,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RivalDef {
    pub id: String,
    pub name: Text,
    pub profile: RivalProfile,
    /// Technical merit of the rival's solution, 0..100.
    pub technical_strength: u32,
    pub brand: u32,
    /// The rival's bid as a fraction of the budget, before noise.
    pub price_ratio: f64,
    /// The lowest price, as a fraction of the budget, the rival can justify to an
    /// evaluation committee (its cost): it never bids below it, and a bid below the
    /// others' that it cannot justify is rejected as abnormally low. Default: 0.7, or
    /// `price_ratio` when that is lower.
    #[serde(default)]
    pub floor: Option<f64>,
    /// How hard the rival works the account, 0..100.
    pub aggressiveness: u32,
    /// Whether the rival is known to the player from the start.
    #[serde(default = "yes")]
    pub known: bool,
    #[serde(default)]
    pub description: Text,
}

/// A scripted or random event.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    pub trigger: Trigger,
    /// Shown in the intel feed when the event fires (may be empty for hidden events).
    #[serde(default)]
    pub news: Text,
    pub effects: Vec<Effect>,
}

/// An inject: an event a workshop facilitator fires by hand for every team at once. It lands
/// at the end of the week it was fired in and draws no dice.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InjectDef {
    pub id: String,
    /// What the teams read when it lands (the facilitator reads it on the console).
    pub text: Text,
    pub effects: Vec<Effect>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Trigger {
    /// Fires at the end of this week.
    Week(u32),
    /// From `from` to `to`, each week with chance `chance` until it fires once.
    Chance { from: u32, to: u32, chance: f64 },
    /// Fires at the end of the first week from `week` on where `who`'s attitude to us is below `below`.
    AttitudeBelow { who: String, below: i32, week: u32 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Effect {
    /// Changes a person's attitude to us.
    Attitude { who: String, delta: i32 },
    /// Changes a person's attitude to a rival.
    RivalAttitude {
        who: String,
        rival: String,
        delta: i32,
    },
    /// The true budget changes by `delta` 万元.
    Budget { delta: i32 },
    /// `leaves` leaves the project; `arrives` (marked arrives_by_event) takes his place.
    Reshuffle { leaves: String, arrives: String },
    /// A rival pushes its terms into the draft specification.
    RivalShapes { rival: String, amount: i32 },
    /// The tender is issued `weeks` later (and bids due later) than planned.
    Delay { weeks: u32 },
}
