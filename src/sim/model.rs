//! The engine's form of a scenario: ids resolved to indices, texts kept for display.

use crate::scenario::schema::{self as s, Circle, KeyInfo, Need, Role, Style, Text};
use crate::sim::tuning::Tuning;
use serde::{Deserialize, Serialize};

/// Index of a stakeholder in `Scenario::people`.
pub type P = usize;
/// Index of a vendor: 0 is us, 1.. are the rivals in scenario order.
pub type V = usize;
/// The vendor index of our company.
pub const US: V = 0;

/// A stakeholder as the engine sees him: public face plus the pools of his hidden truth.
#[derive(Debug, Clone)]
pub struct PersonDef {
    pub id: String,
    pub name: Text,
    pub title: Text,
    pub department: Text,
    pub reports_to: Option<P>,
    pub visible: bool,
    pub arrives_by_event: bool,
    pub role: Role,
    pub circle: Circle,
    pub styles: Vec<Style>,
    pub needs: Vec<Need>,
    pub attitude: i32,
    pub attitude_spread: i32,
    /// Attitude to each rival, indexed by vendor (index 0 unused).
    pub rival_attitudes: Vec<i32>,
    pub knows: Vec<KeyInfo>,
    pub openness: f64,
    pub honesty: f64,
    pub planted_by: Option<V>,
    pub planted_chance: f64,
    pub ties: Vec<(P, f64)>,
    pub can_support: bool,
}

#[derive(Debug, Clone)]
pub struct RivalDef {
    pub id: String,
    pub name: Text,
    pub profile: s::RivalProfile,
    pub technical_strength: f64,
    pub brand: f64,
    pub price_ratio: f64,
    /// The lowest share of the budget the rival can justify (its cost).
    pub floor: f64,
    pub aggressiveness: f64,
    pub known: bool,
    pub description: Text,
}

#[derive(Debug, Clone)]
pub struct RuleDef {
    pub id: String,
    pub text: Text,
    pub always: bool,
    /// Whether each vendor meets the rule, indexed by vendor.
    pub met_by: Vec<bool>,
}

#[derive(Debug, Clone)]
pub enum TriggerDef {
    Week(u32),
    Chance { from: u32, to: u32, chance: f64 },
    AttitudeBelow { who: P, below: i32, week: u32 },
}

#[derive(Debug, Clone)]
pub enum EffectDef {
    Attitude { who: P, delta: i32 },
    RivalAttitude { who: P, rival: V, delta: i32 },
    Budget { delta: i32 },
    Reshuffle { leaves: P, arrives: P },
    RivalShapes { rival: V, amount: i32 },
    Delay { weeks: u32 },
}

#[derive(Debug, Clone)]
pub struct EventDef {
    pub id: String,
    pub trigger: TriggerDef,
    pub news: Text,
    pub effects: Vec<EffectDef>,
}

/// A facilitator's inject as the engine sees it.
#[derive(Debug, Clone)]
pub struct InjectDef {
    pub id: String,
    pub text: Text,
    pub effects: Vec<EffectDef>,
}

/// How much a rival of `profile` wants to court a person of this role and circle.
pub fn court_weight(profile: s::RivalProfile, role: Role, circle: Circle) -> f64 {
    use s::RivalProfile;
    match profile {
        RivalProfile::Relationship => match role {
            Role::DecisionMaker => 4.0,
            _ if circle == Circle::Core => 3.0,
            _ if circle == Circle::Political => 1.5,
            _ => 0.3,
        },
        RivalProfile::TechnicalLeader => match role {
            Role::TechnicalLead => 4.0,
            Role::User => 2.0,
            _ => 0.5,
        },
        RivalProfile::LowPrice => match role {
            Role::Procurement => 4.0,
            Role::DecisionMaker => 2.0,
            _ => 0.5,
        },
        RivalProfile::Incumbent => match role {
            Role::User => 3.0,
            Role::TechnicalLead => 3.0,
            _ => 1.0,
        },
    }
}

/// A scenario ready to play.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub file: s::ScenarioFile,
    /// sha256 of the scenario file's bytes, recorded in replays.
    pub hash: String,
    pub people: Vec<PersonDef>,
    /// Vendors: index 0 is us (no def), rivals from 1.
    pub rivals: Vec<RivalDef>,
    pub rules: Vec<RuleDef>,
    pub events: Vec<EventDef>,
    /// Injects the facilitator of a room may fire, in file order.
    pub injects: Vec<InjectDef>,
    pub committee: Vec<P>,
    /// Role swaps the seed may draw: (a, b, chance).
    pub swaps: Vec<(P, P, f64)>,
    pub tuning: Tuning,
}

impl Scenario {
    pub fn id(&self) -> &str {
        &self.file.id
    }
    /// How much the company invests in an account of this tier (DOMAIN.md §2): the
    /// expense budget is scaled by it.
    pub fn tier_factor(&self) -> f64 {
        match self.file.customer.tier {
            s::Tier::Platinum => 1.25,
            s::Tier::Gold => 1.0,
            s::Tier::Silver => 0.8,
        }
    }
    /// Executive visits granted: one more for a platinum account, one fewer for silver.
    pub fn executive_visits(&self) -> u32 {
        let n = self.file.resources.executive_visits;
        match self.file.customer.tier {
            s::Tier::Platinum => n.saturating_add(1),
            s::Tier::Gold => n,
            s::Tier::Silver => n.saturating_sub(1),
        }
    }
    /// The account's attractiveness: the mean of its eight factors, 1..5.
    pub fn attractiveness(&self) -> f64 {
        let v = self.file.customer.attractiveness.values();
        v.iter().map(|x| x.1 as f64).sum::<f64>() / v.len() as f64
    }
    /// Whether the budget is public: government procurement announces it (the procurement
    /// intention and the tender state the figure); elsewhere it is insider information.
    pub fn budget_public(&self) -> bool {
        self.file
            .project
            .budget_public
            .unwrap_or(self.file.customer.industry == s::Industry::Government)
    }
    /// Number of vendors including us.
    pub fn vendors(&self) -> usize {
        self.rivals.len() + 1
    }
    pub fn rival(&self, v: V) -> &RivalDef {
        &self.rivals[v - 1]
    }
    /// The index of the inject with this id.
    pub fn inject_ix(&self, id: &str) -> Option<usize> {
        self.injects.iter().position(|i| i.id == id)
    }
    pub fn person_ix(&self, id: &str) -> Option<P> {
        self.people.iter().position(|p| p.id == id)
    }
    pub fn vendor_ix(&self, id: &str) -> Option<V> {
        if id == "us" {
            return Some(US);
        }
        self.rivals.iter().position(|r| r.id == id).map(|i| i + 1)
    }
    pub fn vendor_id(&self, v: V) -> &str {
        if v == US { "us" } else { &self.rival(v).id }
    }
    pub fn vendor_name(&self, v: V) -> &Text {
        if v == US {
            &self.file.our_company.name
        } else {
            &self.rival(v).name
        }
    }

    /// Turn a validated scenario file into the engine's form. The validator has checked
    /// every reference; an unresolved one here is still an error, not a panic.
    pub fn compile(file: s::ScenarioFile, hash: String) -> Result<Scenario, String> {
        let person = |id: &str, what: &str| -> Result<P, String> {
            file.stakeholders
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| format!("unknown stakeholder `{id}` in {what}"))
        };
        let rival = |id: &str, what: &str| -> Result<V, String> {
            file.rivals
                .iter()
                .position(|r| r.id == id)
                .map(|i| i + 1)
                .ok_or_else(|| format!("unknown rival `{id}` in {what}"))
        };
        let compile_effects = |list: &[s::Effect]| -> Result<Vec<EffectDef>, String> {
            let mut effects = Vec::with_capacity(list.len());
            for f in list {
                effects.push(match f {
                    s::Effect::Attitude { who, delta } => EffectDef::Attitude {
                        who: person(who, "effect")?,
                        delta: *delta,
                    },
                    s::Effect::RivalAttitude {
                        who,
                        rival: r,
                        delta,
                    } => EffectDef::RivalAttitude {
                        who: person(who, "effect")?,
                        rival: rival(r, "effect")?,
                        delta: *delta,
                    },
                    s::Effect::Budget { delta } => EffectDef::Budget { delta: *delta },
                    s::Effect::Reshuffle { leaves, arrives } => EffectDef::Reshuffle {
                        leaves: person(leaves, "effect")?,
                        arrives: person(arrives, "effect")?,
                    },
                    s::Effect::RivalShapes { rival: r, amount } => EffectDef::RivalShapes {
                        rival: rival(r, "effect")?,
                        amount: *amount,
                    },
                    s::Effect::Delay { weeks } => EffectDef::Delay { weeks: *weeks },
                });
            }
            Ok(effects)
        };
        let nv = file.rivals.len() + 1;
        // The engine scores vendors in fixed-size arrays (see `tender::MAX_VENDORS`).
        if !crate::scenario::validate::RIVALS.contains(&file.rivals.len()) {
            return Err(format!(
                "{} rivals: a scenario has {} to {}",
                file.rivals.len(),
                crate::scenario::validate::RIVALS.start(),
                crate::scenario::validate::RIVALS.end()
            ));
        }
        let mut people = Vec::with_capacity(file.stakeholders.len());
        for d in &file.stakeholders {
            let mut rival_attitudes = vec![0; nv];
            for ra in &d.rival_attitudes {
                rival_attitudes[rival(&ra.rival, "rival_attitudes")?] = ra.attitude;
            }
            let knows = match &d.knows {
                Some(k) => k.clone(),
                None => default_knowledge(d.circle),
            };
            let mut ties = Vec::new();
            for t in &d.ties {
                ties.push((person(&t.to, "ties")?, t.strength));
            }
            if d.styles_empty() {
                return Err(format!("stakeholder `{}` has an empty style pool", d.id));
            }
            people.push(PersonDef {
                id: d.id.clone(),
                name: d.name.clone(),
                title: d.title.clone(),
                department: d.department.clone(),
                reports_to: match &d.reports_to {
                    Some(r) => Some(person(r, "reports_to")?),
                    None => None,
                },
                visible: d.visible,
                arrives_by_event: d.arrives_by_event,
                role: d.role,
                circle: d.circle,
                styles: d.style.clone(),
                needs: d.need.clone(),
                attitude: d.attitude,
                attitude_spread: d.attitude_spread,
                rival_attitudes,
                knows,
                openness: d.openness,
                honesty: d.honesty,
                planted_by: match &d.planted_by {
                    Some(r) => Some(rival(r, "planted_by")?),
                    None => None,
                },
                planted_chance: d.planted_chance,
                ties,
                can_support: d.can_support,
            });
        }
        let rivals = file
            .rivals
            .iter()
            .map(|r| RivalDef {
                id: r.id.clone(),
                name: r.name.clone(),
                profile: r.profile,
                technical_strength: r.technical_strength as f64,
                brand: r.brand as f64,
                price_ratio: r.price_ratio,
                floor: r.floor(),
                aggressiveness: r.aggressiveness as f64,
                known: r.known,
                description: r.description.clone(),
            })
            .collect();
        let mut rules = Vec::new();
        for q in &file.project.qualification_rules {
            let mut met_by = vec![true; nv];
            met_by[US] = q.we_meet;
            for r in &q.rivals_failing {
                met_by[rival(r, "rivals_failing")?] = false;
            }
            rules.push(RuleDef {
                id: q.id.clone(),
                text: q.text.clone(),
                always: q.always,
                met_by,
            });
        }
        let mut events = Vec::new();
        for e in &file.events {
            let trigger = match &e.trigger {
                s::Trigger::Week(w) => TriggerDef::Week(*w),
                s::Trigger::Chance { from, to, chance } => TriggerDef::Chance {
                    from: *from,
                    to: *to,
                    chance: *chance,
                },
                s::Trigger::AttitudeBelow { who, below, week } => TriggerDef::AttitudeBelow {
                    who: person(who, "trigger")?,
                    below: *below,
                    week: *week,
                },
            };
            let effects = compile_effects(&e.effects)?;
            events.push(EventDef {
                id: e.id.clone(),
                trigger,
                news: e.news.clone(),
                effects,
            });
        }
        let mut injects = Vec::new();
        for i in &file.injects {
            injects.push(InjectDef {
                id: i.id.clone(),
                text: i.text.clone(),
                effects: compile_effects(&i.effects)?,
            });
        }
        let mut committee = Vec::new();
        for c in &file.project.committee {
            committee.push(person(c, "committee")?);
        }
        let mut swaps = Vec::new();
        for w in &file.project.role_swaps {
            swaps.push((
                person(&w.a, "role_swaps")?,
                person(&w.b, "role_swaps")?,
                w.chance,
            ));
        }
        let tuning = file.tuning.clone();
        Ok(Scenario {
            swaps,
            file,
            hash,
            people,
            rivals,
            rules,
            events,
            injects,
            committee,
            tuning,
        })
    }
}

impl s::StakeholderDef {
    fn styles_empty(&self) -> bool {
        self.style.is_empty() || self.need.is_empty()
    }
}

/// What a person in each power circle knows when the scenario does not say.
pub fn default_knowledge(circle: Circle) -> Vec<KeyInfo> {
    use KeyInfo::*;
    match circle {
        Circle::Unaware => vec![],
        Circle::Watcher => vec![Participants, Process],
        Circle::Political => vec![Participants, Process, Needs],
        Circle::Core => vec![Participants, Process, Needs, Budget, Competition],
    }
}

/// The buying criterion that matters most to the customer (the "Needs" key information).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Criterion {
    #[serde(rename = "Technical")]
    Technical,
    #[serde(rename = "Price")]
    Price,
    #[serde(rename = "Business")]
    Business,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_refuses_more_rivals_than_the_engine_scores() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tutorial.ron");
        let src = std::fs::read_to_string(path).expect("the tutorial ships");
        let mut file = crate::scenario::load_str("tutorial.ron", &src)
            .expect("valid")
            .file;
        while file.rivals.len() <= *crate::scenario::validate::RIVALS.end() {
            let mut extra = file.rivals[0].clone();
            extra.id = format!("extra_{}", file.rivals.len());
            file.rivals.push(extra);
        }
        let Err(err) = Scenario::compile(file, String::new()) else {
            panic!("five rivals must be refused");
        };
        assert!(err.contains("5 rivals"), "{err}");
    }
}
