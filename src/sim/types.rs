//! The vocabulary of play: actions, facts, evidence, the account map, log entries, outcomes.

use crate::scenario::schema::{Circle, KeyInfo, Need, Role, Style};
use crate::sim::model::{Criterion, P, V};
use serde::{Deserialize, Serialize};

/// Stages of a project sale (DOMAIN.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    Qualification,
    InitialContact,
    Technical,
    Commercial,
    Tender,
    Contract,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Qualification,
        Stage::InitialContact,
        Stage::Technical,
        Stage::Commercial,
        Stage::Tender,
        Stage::Contract,
    ];
    pub fn next(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|s| *s == self)?;
        Stage::ALL.get(i + 1).copied()
    }
    pub fn key(self) -> &'static str {
        match self {
            Stage::Qualification => "stage.qualification",
            Stage::InitialContact => "stage.initial_contact",
            Stage::Technical => "stage.technical",
            Stage::Commercial => "stage.commercial",
            Stage::Tender => "stage.tender",
            Stage::Contract => "stage.contract",
        }
    }
}

/// How a meeting is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Approach {
    /// Ask questions to learn his needs and style.
    ProbeNeeds,
    /// Feature–Advantage–Benefit–Evidence presentation: short, results and ROI.
    Fabe,
    /// Build the relationship.
    Rapport,
    /// Ask for one kind of key information.
    AskInfo(KeyInfo),
    /// Ask "where do we stand?"
    WhereDoWeStand,
    /// Propose a concrete next step.
    ProposeNextStep,
}

/// What the bid stresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Emphasis {
    Technical,
    Price,
    Business,
}

/// How hard we hold our price in the contract negotiation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stance {
    Firm,
    Balanced,
    Yield,
}

/// One player decision. Person and vendor fields are indices into the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Act {
    DeskResearch,
    ColdCall(P),
    Introduction {
        from: P,
        to: P,
    },
    Meeting(P, Approach),
    Seminar(P),
    Demo(P),
    FactoryVisit(P),
    ReferenceVisit(P),
    Endorsement,
    ExecutiveVisit(P),
    BusinessMeal(P),
    Develop(P),
    ShapeTender(P),
    Clarification,
    /// A formal objection (质疑) against a tender term written around a rival.
    Objection,
    /// A sponsor reframes the buying criteria before the tender is written.
    Reframe(P),
    /// Offer to work under a rival as its partner (subcontractor) instead of bidding.
    Partner(V),
    Proposal,
    Bid {
        price: u32,
        emphasis: Emphasis,
    },
    Negotiate(Stance),
    Gift(P),
    Kickback(P),
    ObtainRivalBid,
    /// The qualification decision: go (true) or no-go (false, walks away).
    Qualify(bool),
    /// Move to the next stage.
    Advance,
    WalkAway,
    /// Record a belief in the account map (free).
    Believe(Fact, Option<Value>),
    EndWeek,
}

impl Act {
    /// The person the action is aimed at, if any.
    pub fn target(&self) -> Option<P> {
        match *self {
            Act::ColdCall(p)
            | Act::Introduction { to: p, .. }
            | Act::Meeting(p, _)
            | Act::Seminar(p)
            | Act::Demo(p)
            | Act::FactoryVisit(p)
            | Act::ReferenceVisit(p)
            | Act::ExecutiveVisit(p)
            | Act::BusinessMeal(p)
            | Act::Develop(p)
            | Act::ShapeTender(p)
            | Act::Reframe(p)
            | Act::Gift(p)
            | Act::Kickback(p) => Some(p),
            _ => None,
        }
    }

    /// A stable name for the kind of action (used for statistics and i18n keys).
    pub fn kind(&self) -> &'static str {
        match self {
            Act::DeskResearch => "desk_research",
            Act::ColdCall(_) => "cold_call",
            Act::Introduction { .. } => "introduction",
            Act::Meeting(_, a) => match a {
                Approach::ProbeNeeds => "meeting_probe",
                Approach::Fabe => "meeting_fabe",
                Approach::Rapport => "meeting_rapport",
                Approach::AskInfo(_) => "meeting_ask_info",
                Approach::WhereDoWeStand => "meeting_where",
                Approach::ProposeNextStep => "meeting_next_step",
            },
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

    /// Whether the action is one of the unethical options.
    pub fn is_unethical(&self) -> bool {
        matches!(self, Act::Gift(_) | Act::Kickback(_) | Act::ObtainRivalBid)
    }
}

/// Something the player can believe and gather evidence about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Fact {
    Role(P),
    Circle(P),
    Style(P),
    Need(P),
    /// Which vendor the person favours.
    Allegiance(P),
    Key(KeyInfo),
    /// Our rank in the customer's mind today.
    Rank,
    /// Whether a qualification rule will be in the tender.
    Rule(usize),
    /// A rival's bid price.
    RivalPrice(V),
}

impl Fact {
    /// The five facts the account map holds about a person.
    pub fn of_person(p: P) -> [Fact; 5] {
        [
            Fact::Role(p),
            Fact::Circle(p),
            Fact::Style(p),
            Fact::Need(p),
            Fact::Allegiance(p),
        ]
    }
}

/// A value of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Value {
    Role(Role),
    Circle(Circle),
    Style(Style),
    Need(Need),
    Vendor(V),
    Person(P),
    Criterion(Criterion),
    /// 万元.
    Amount(u32),
    Week(u32),
    Rank(u8),
    Yes(bool),
}

/// Where a piece of evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    Desk,
    /// Said by this person in a meeting.
    Person(P),
    /// Reported by this person as our informant.
    Informant(P),
    Rumour,
    Tender,
    /// Published by law: the procurement intention and the tender announcement.
    Published,
}

impl Source {
    /// The person behind the source, for independence checks.
    pub fn person(self) -> Option<P> {
        match self {
            Source::Person(p) | Source::Informant(p) => Some(p),
            _ => None,
        }
    }
}

/// One piece of evidence: what a source claimed, and how much the source is worth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub week: u32,
    pub fact: Fact,
    pub value: Value,
    pub source: Source,
    /// The source's reliability as the player can judge it, 0..100.
    pub reliability: u8,
}

/// A hidden risk the player took, rolled for each week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Hazard {
    Gift,
    Kickback,
    Leak,
    /// A firm stance in negotiation without the power to back it.
    FirmWalkout,
}

/// A supporter level inside the account.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Support {
    #[default]
    None,
    Informant,
    Sponsor,
    Coach,
}

/// The visible reaction of a person to an action (a noisy view of the hidden change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reaction {
    Enthusiastic,
    Positive,
    Neutral,
    Cool,
    Irritated,
}

impl Reaction {
    pub fn from_delta(d: f64) -> Reaction {
        if d >= 8.0 {
            Reaction::Enthusiastic
        } else if d >= 2.5 {
            Reaction::Positive
        } else if d > -2.5 {
            Reaction::Neutral
        } else if d > -8.0 {
            Reaction::Cool
        } else {
            Reaction::Irritated
        }
    }
}

/// Why a deal was lost. Written to replays: every variant keeps its explicit wire name
/// (see `sim::wire` and `tests/golden/wire_names.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum LossReason {
    #[serde(rename = "NoBid")]
    NoBid,
    #[serde(rename = "OverBudget")]
    OverBudget,
    #[serde(rename = "NotQualified")]
    NotQualified(usize),
    #[serde(rename = "NonCompliant")]
    NonCompliant,
    #[serde(rename = "Outscored")]
    Outscored(V),
    /// The customer turned to the runner-up during negotiation.
    #[serde(rename = "NegotiationCollapsed")]
    NegotiationCollapsed,
    /// Not invited: nobody with power backed us (invited tender, negotiated award).
    #[serde(rename = "NotInvited")]
    NotInvited,
    /// Invited only to make up the number of bids: nobody with power backed us, and the
    /// award went to a vendor someone did back.
    #[serde(rename = "Filler")]
    Filler,
    /// A price far below the other bids that the bidder could not justify (below cost).
    #[serde(rename = "AbnormallyLow")]
    AbnormallyLow,
    /// Fewer than three valid bids: the tender failed (废标).
    #[serde(rename = "TenderFailed")]
    TenderFailed,
}

/// How the project ended. Written to replays: every variant keeps its explicit wire name
/// (see `sim::wire` and `tests/golden/wire_names.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    #[serde(rename = "Won")]
    Won { price: u32, margin: f64 },
    #[serde(rename = "Lost")]
    Lost(LossReason),
    #[serde(rename = "WalkedAway")]
    WalkedAway { week: u32 },
    /// An unethical act was discovered.
    #[serde(rename = "Disqualified")]
    Disqualified { week: u32 },
    /// We work under the winning rival as its partner: a share of the contract.
    #[serde(rename = "Partnered")]
    Partnered { rival: V, price: u32, margin: f64 },
}

impl Outcome {
    pub fn is_win(&self) -> bool {
        matches!(self, Outcome::Won { .. })
    }
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Won { .. } => "outcome.won",
            Outcome::Lost(_) => "outcome.lost",
            Outcome::WalkedAway { .. } => "outcome.walked_away",
            Outcome::Disqualified { .. } => "outcome.disqualified",
            Outcome::Partnered { .. } => "outcome.partnered",
        }
    }
}

/// A gate check (DOMAIN.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Check {
    // qualification: the four questions
    IsReal,
    CanCompete,
    CanWin,
    WorthWinning,
    // initial contact: five checks
    PeopleAcceptUs,
    OrgUnderstood,
    HaveInsider,
    KeyInfoLearned,
    KnowDecisionMaker,
    // technical breakthrough: three checks
    WeSetTheRules,
    RivalShielded,
    WeQualify,
    // technical breakthrough, mid-stage judgement: the customer depends on us
    CustomerDependsOnUs,
    // commercial breakthrough
    DecisionMakerWon,
    SponsorSecured,
    FirstInRank,
    // late-stage judgement: first in the decision maker's mind, and can we go all-in
    FirstInDecisionMakersMind,
    CanGoAllIn,
}

impl Check {
    pub fn key(self) -> String {
        format!("check.{}", crate::sim::describe::snake(self))
    }
    /// The checks of a stage's gate.
    pub fn of(stage: Stage) -> &'static [Check] {
        use Check::*;
        match stage {
            Stage::Qualification => &[IsReal, CanCompete, CanWin, WorthWinning],
            Stage::InitialContact => &[
                PeopleAcceptUs,
                OrgUnderstood,
                HaveInsider,
                KeyInfoLearned,
                KnowDecisionMaker,
            ],
            Stage::Technical => &[WeSetTheRules, RivalShielded, WeQualify, CustomerDependsOnUs],
            Stage::Commercial => &[
                DecisionMakerWon,
                SponsorSecured,
                FirstInRank,
                FirstInDecisionMakersMind,
                CanGoAllIn,
            ],
            Stage::Tender | Stage::Contract => &[],
        }
    }
}

/// The gate as it stood when the player left a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateRecord {
    pub week: u32,
    pub stage: Stage,
    pub checks: Vec<(Check, bool)>,
    /// True when the tender forced the move (the player had not advanced).
    pub forced: bool,
}

/// An entry of the game's log: what happened, seen or hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub week: u32,
    /// Whether the player saw it (the intel feed shows only these).
    pub seen: bool,
    pub kind: LogKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LogKind {
    /// An action and its hidden effect on the target's attitude.
    Acted {
        act: Act,
        reaction: Option<Reaction>,
        delta: f64,
        repeat: u32,
    },
    /// Part of a technical session's effect reached `who`, who reports to its target.
    Spilled {
        act: Act,
        who: P,
        delta: f64,
    },
    Discovered(P),
    Evidence(Evidence, bool),
    Evaded(P),
    DoesNotKnow(P),
    SupporterGained(P, Support),
    NotReady(P),
    ShapeFailed(P),
    Shaped(P, i32),
    Bypassed(P),
    Offended(P),
    RivalCourted {
        rival: V,
        who: P,
        delta: f64,
    },
    RivalShaped {
        rival: V,
        amount: i32,
    },
    Rumour {
        rival: V,
        who: P,
    },
    Event(usize),
    /// A facilitator's inject landed (index into `Scenario::injects`).
    Inject(usize),
    Dice {
        what: Hazard,
        chance: f64,
        roll: f64,
        hit: bool,
    },
    ViolationDiscovered(Hazard),
    StageChanged(Stage),
    TenderIssued {
        rules: Vec<usize>,
    },
    BidRejected {
        vendor: V,
        reason: LossReason,
    },
    Evaluated {
        scores: Vec<(V, f64)>,
        winner: Option<V>,
    },
    Negotiated {
        stance: Stance,
        power: u32,
        discount: f64,
    },
    Qualified(bool),
    WalkedAway,
    Illegal(String),
    /// A writer of the tender wrote terms for the vendor he backs this week (hidden).
    Wrote {
        who: P,
        vendor: V,
        amount: i32,
    },
    /// A rival cut its planned price after its insiders told it where it stood (hidden;
    /// the player may hear of it as evidence).
    RivalCut {
        rival: V,
        price: u32,
    },
    /// Our objection against a tender term: upheld (the rule struck) or dismissed.
    Objected {
        rule: Option<usize>,
        upheld: bool,
    },
    /// A sponsor reframed the criteria: spec points moved from the rivals.
    Reframed(P, i32),
    /// The favourite accepted (or refused) us as its partner.
    PartnerOffer {
        rival: V,
        accepted: bool,
    },
    /// A stage was left with checks unmet, and what followed in the account.
    GateSkipped {
        stage: Stage,
        unmet: Vec<Check>,
    },
    /// The schedule moved: the tender's issue week (when it had not been issued yet) and the
    /// bid deadline, from → to, and why.
    Rescheduled {
        tender: Option<(u32, u32)>,
        bid: (u32, u32),
        cause: DelayCause,
    },
}

/// Why the schedule moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DelayCause {
    /// A scenario event (index into its events): the customer's process, a regulator…
    Event(usize),
    /// A facilitator's inject (index into the scenario's injects).
    Inject(usize),
    /// Our objection was upheld: the struck term gives the bidders a week more.
    Objection,
}

/// What made a deal unwinnable at a given moment (the engine's answer to "can we win?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Blocker {
    /// A mandatory qualification we do not meet is (or will be) in the tender.
    RuleWeFail(usize),
    /// The specification is written around a rival: it is far ahead of us in the terms.
    SpecForRival(V),
    /// The decision maker is set on a rival and does not accept us.
    DecisionMakerSet(V),
    /// The tender is days away and nobody with power backs us.
    Rushed,
}

/// What the player believes about one person (the Blue Sheet).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonBelief {
    pub role: Option<Role>,
    pub circle: Option<Circle>,
    pub style: Option<Style>,
    pub need: Option<Need>,
    pub allegiance: Option<V>,
}

/// The player's account map: beliefs kept apart from the truth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AccountMap {
    pub people: Vec<PersonBelief>,
    pub decision_maker: Option<P>,
    pub criterion: Option<Criterion>,
    pub budget: Option<u32>,
    pub tender_week: Option<u32>,
    pub leading_rival: Option<V>,
    /// The rank we believe we hold in the customer's mind.
    pub rank: Option<u8>,
}

impl AccountMap {
    /// The belief held about `fact`.
    pub fn get(&self, fact: Fact) -> Option<Value> {
        let person = |p: P| self.people.get(p);
        match fact {
            Fact::Role(p) => person(p)?.role.map(Value::Role),
            Fact::Circle(p) => person(p)?.circle.map(Value::Circle),
            Fact::Style(p) => person(p)?.style.map(Value::Style),
            Fact::Need(p) => person(p)?.need.map(Value::Need),
            Fact::Allegiance(p) => person(p)?.allegiance.map(Value::Vendor),
            Fact::Key(KeyInfo::Participants) => self.decision_maker.map(Value::Person),
            Fact::Key(KeyInfo::Needs) => self.criterion.map(Value::Criterion),
            Fact::Key(KeyInfo::Budget) => self.budget.map(Value::Amount),
            Fact::Key(KeyInfo::Process) => self.tender_week.map(Value::Week),
            Fact::Key(KeyInfo::Competition) => self.leading_rival.map(Value::Vendor),
            Fact::Rank => self.rank.map(Value::Rank),
            Fact::Rule(_) | Fact::RivalPrice(_) => None,
        }
    }

    /// Whether `value` may be recorded for `fact` (the kinds fit and any person exists),
    /// without recording it.
    pub fn fits(&self, fact: Fact, value: Option<Value>) -> Result<(), String> {
        let n = self.people.len();
        if let Fact::Role(p)
        | Fact::Circle(p)
        | Fact::Style(p)
        | Fact::Need(p)
        | Fact::Allegiance(p) = fact
            && p >= n
        {
            return Err(format!("no person {p}"));
        }
        let fits = match (fact, value) {
            (Fact::Rule(_) | Fact::RivalPrice(_), _) => false,
            (_, None) => true,
            (Fact::Key(KeyInfo::Participants), Some(Value::Person(v))) => {
                if v >= n {
                    return Err(format!("no person {v}"));
                }
                true
            }
            (fact, Some(v)) => matches!(
                (fact, v),
                (Fact::Role(_), Value::Role(_))
                    | (Fact::Circle(_), Value::Circle(_))
                    | (Fact::Style(_), Value::Style(_))
                    | (Fact::Need(_), Value::Need(_))
                    | (Fact::Allegiance(_), Value::Vendor(_))
                    | (Fact::Key(KeyInfo::Needs), Value::Criterion(_))
                    | (Fact::Key(KeyInfo::Budget), Value::Amount(_))
                    | (Fact::Key(KeyInfo::Process), Value::Week(_))
                    | (Fact::Key(KeyInfo::Competition), Value::Vendor(_))
                    | (Fact::Rank, Value::Rank(_))
            ),
        };
        if fits {
            Ok(())
        } else {
            Err(format!("{value:?} is not a value for {fact:?}"))
        }
    }

    /// Record a belief; `Err` (and nothing recorded) when the value does not fit the fact.
    pub fn set(&mut self, fact: Fact, value: Option<Value>) -> Result<(), String> {
        self.fits(fact, value)?;
        let mismatch = || Err(format!("{value:?} is not a value for {fact:?}"));
        match (fact, value) {
            (Fact::Role(p), Some(Value::Role(v))) => self.people[p].role = Some(v),
            (Fact::Role(p), None) => self.people[p].role = None,
            (Fact::Circle(p), Some(Value::Circle(v))) => self.people[p].circle = Some(v),
            (Fact::Circle(p), None) => self.people[p].circle = None,
            (Fact::Style(p), Some(Value::Style(v))) => self.people[p].style = Some(v),
            (Fact::Style(p), None) => self.people[p].style = None,
            (Fact::Need(p), Some(Value::Need(v))) => self.people[p].need = Some(v),
            (Fact::Need(p), None) => self.people[p].need = None,
            (Fact::Allegiance(p), Some(Value::Vendor(v))) => self.people[p].allegiance = Some(v),
            (Fact::Allegiance(p), None) => self.people[p].allegiance = None,
            (Fact::Key(KeyInfo::Participants), Some(Value::Person(v))) => {
                self.decision_maker = Some(v)
            }
            (Fact::Key(KeyInfo::Participants), None) => self.decision_maker = None,
            (Fact::Key(KeyInfo::Needs), Some(Value::Criterion(v))) => self.criterion = Some(v),
            (Fact::Key(KeyInfo::Needs), None) => self.criterion = None,
            (Fact::Key(KeyInfo::Budget), Some(Value::Amount(v))) => self.budget = Some(v),
            (Fact::Key(KeyInfo::Budget), None) => self.budget = None,
            (Fact::Key(KeyInfo::Process), Some(Value::Week(v))) => self.tender_week = Some(v),
            (Fact::Key(KeyInfo::Process), None) => self.tender_week = None,
            (Fact::Key(KeyInfo::Competition), Some(Value::Vendor(v))) => {
                self.leading_rival = Some(v)
            }
            (Fact::Key(KeyInfo::Competition), None) => self.leading_rival = None,
            (Fact::Rank, Some(Value::Rank(v))) => self.rank = Some(v),
            (Fact::Rank, None) => self.rank = None,
            _ => return mismatch(),
        }
        Ok(())
    }
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum Illegal {
    #[error("the game is over")]
    GameOver,
    #[error("not available in this stage")]
    WrongStage,
    #[error("no such person, or not on your map yet")]
    UnknownPerson,
    #[error("no contact with this person yet: cold call or ask for an introduction first")]
    NoContact,
    #[error("already in contact")]
    AlreadyContacted,
    #[error("not enough sales rep days left this week")]
    NoRepDays,
    #[error("not enough pre-sales engineer days left this week")]
    NoPresalesDays,
    #[error("no executive visits left")]
    NoExecutiveVisits,
    #[error("over the expense budget")]
    NoMoney,
    #[error("the tender has already been issued")]
    TenderIssued,
    #[error("the tender has not been issued yet")]
    TenderNotIssued,
    #[error("a bid has already been submitted")]
    AlreadyBid,
    #[error("the introducer does not like us enough to introduce us")]
    IntroducerUnwilling,
    #[error("the belief does not fit the fact")]
    BadBelief,
    #[error("a bid price must be positive")]
    BadPrice,
    #[error("already decided")]
    AlreadyDone,
    #[error("only a sponsor or coach can reframe the criteria")]
    NotASponsor,
    #[error("no such vendor")]
    UnknownVendor,
}
