//! The text form of actions used in scripts and replays: one action a line, ids not indices,
//! e.g. `meeting xu_jianping ask:budget`. `docs/scripts.md` documents every form.

use crate::scenario::schema::KeyInfo;
use crate::sim::model::Scenario;
use crate::sim::types::*;
use crate::sim::wire::{self, Wire};

fn pick<T: Wire>(word: &str, what: &str) -> Result<T, String> {
    T::from_wire(word).ok_or_else(|| {
        let names: Vec<&str> = T::ALL.iter().map(|v| v.wire()).collect();
        format!(
            "unknown {what} `{word}`; expected one of: {}",
            names.join(", ")
        )
    })
}

/// An action as one line of text.
pub fn format_act(scn: &Scenario, act: &Act) -> String {
    let id = |p: usize| scn.people.get(p).map(|d| d.id.as_str()).unwrap_or("?");
    let vendor = |v: usize| {
        if v < scn.vendors() {
            scn.vendor_id(v).to_string()
        } else {
            "?".into()
        }
    };
    match *act {
        Act::ColdCall(p)
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
        | Act::Kickback(p) => format!("{} {}", wire::verb(act), id(p)),
        Act::Partner(v) => format!("{} {}", wire::verb(act), vendor(v)),
        Act::Introduction { from, to } => format!("introduction {} {}", id(from), id(to)),
        Act::Meeting(p, a) => format!("meeting {} {}", id(p), wire::approach(a)),
        Act::Bid { price, emphasis } => format!("bid {price} {}", emphasis.wire()),
        Act::Negotiate(s) => format!("negotiate {}", s.wire()),
        Act::Qualify(go) => format!("qualify {}", wire::QUALIFY[usize::from(!go)]),
        Act::Believe(fact, value) => {
            let v = match value {
                None => "none".to_string(),
                Some(Value::Role(r)) => r.wire().into(),
                Some(Value::Circle(c)) => c.wire().into(),
                Some(Value::Style(s)) => s.wire().into(),
                Some(Value::Need(n)) => n.wire().into(),
                Some(Value::Vendor(v)) => vendor(v),
                Some(Value::Person(p)) => id(p).into(),
                Some(Value::Criterion(c)) => c.wire().into(),
                Some(Value::Amount(a)) => a.to_string(),
                Some(Value::Week(w)) => w.to_string(),
                Some(Value::Rank(r)) => r.to_string(),
                Some(Value::Yes(b)) => b.to_string(),
            };
            let word = wire::fact(fact);
            let f = match fact {
                Fact::Role(p)
                | Fact::Circle(p)
                | Fact::Style(p)
                | Fact::Need(p)
                | Fact::Allegiance(p) => format!("{word} {}", id(p)),
                Fact::Key(_) | Fact::Rank => word.into(),
                Fact::Rule(i) => format!("{word} {i}"),
                Fact::RivalPrice(v) => format!("{word} {}", vendor(v)),
            };
            format!("believe {f} {v}")
        }
        _ => wire::verb(act).to_string(),
    }
}

/// Parse one line of a script. The error says what is wrong and what was expected.
pub fn parse_act(scn: &Scenario, line: &str) -> Result<Act, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(&verb) = words.first() else {
        return Err("empty action".into());
    };
    let arg = |i: usize, what: &str| -> Result<&str, String> {
        words
            .get(i)
            .copied()
            .ok_or_else(|| format!("`{verb}` needs {what}"))
    };
    let person = |i: usize| -> Result<usize, String> {
        let id = arg(i, "a stakeholder id")?;
        scn.person_ix(id)
            .ok_or_else(|| format!("unknown stakeholder `{id}`"))
    };
    let vendor = |w: &str| -> Result<usize, String> {
        scn.vendor_ix(w)
            .ok_or_else(|| format!("unknown vendor `{w}` (use `us` or a rival id)"))
    };
    let number = |i: usize, what: &str| -> Result<u32, String> {
        let w = arg(i, what)?;
        w.parse::<u32>()
            .map_err(|_| format!("`{w}` is not a whole number ({what})"))
    };
    let act = match verb {
        "desk_research" => Act::DeskResearch,
        "endorsement" => Act::Endorsement,
        "clarification" => Act::Clarification,
        "objection" => Act::Objection,
        "reframe" => Act::Reframe(person(1)?),
        "partner" => Act::Partner(vendor(arg(1, "a rival id")?)?),
        "proposal" => Act::Proposal,
        "obtain_rival_bid" => Act::ObtainRivalBid,
        "advance" => Act::Advance,
        "walk_away" => Act::WalkAway,
        "end_week" => Act::EndWeek,
        "cold_call" => Act::ColdCall(person(1)?),
        "seminar" => Act::Seminar(person(1)?),
        "demo" => Act::Demo(person(1)?),
        "factory_visit" => Act::FactoryVisit(person(1)?),
        "reference_visit" => Act::ReferenceVisit(person(1)?),
        "executive_visit" => Act::ExecutiveVisit(person(1)?),
        "business_meal" => Act::BusinessMeal(person(1)?),
        "develop" => Act::Develop(person(1)?),
        "shape_tender" => Act::ShapeTender(person(1)?),
        "gift" => Act::Gift(person(1)?),
        "kickback" => Act::Kickback(person(1)?),
        "introduction" => Act::Introduction {
            from: person(1)?,
            to: person(2)?,
        },
        "meeting" => {
            let p = person(1)?;
            let how = arg(
                2,
                "an approach (probe, fabe, rapport, where, next_step, ask:<info>)",
            )?;
            let a = match how {
                "probe" => Approach::ProbeNeeds,
                "fabe" => Approach::Fabe,
                "rapport" => Approach::Rapport,
                "where" => Approach::WhereDoWeStand,
                "next_step" => Approach::ProposeNextStep,
                h if h.starts_with("ask:") => Approach::AskInfo(pick(&h[4..], "key information")?),
                h => {
                    return Err(format!(
                        "unknown approach `{h}`; expected probe, fabe, rapport, where, next_step or ask:<info>"
                    ));
                }
            };
            Act::Meeting(p, a)
        }
        "bid" => {
            let price = number(1, "the price in 万元")?;
            let emphasis = match words.get(2) {
                Some(w) => pick(w, "emphasis")?,
                None => Emphasis::Technical,
            };
            Act::Bid { price, emphasis }
        }
        "negotiate" => Act::Negotiate(pick(arg(1, "a stance")?, "stance")?),
        "qualify" => match arg(1, "go or no_go")? {
            "go" => Act::Qualify(true),
            "no_go" => Act::Qualify(false),
            w => return Err(format!("`qualify` takes go or no_go, not `{w}`")),
        },
        "believe" => {
            let what = arg(1, "what to believe")?;
            let (fact, at) = match what {
                "role" => (Fact::Role(person(2)?), 3),
                "circle" => (Fact::Circle(person(2)?), 3),
                "style" => (Fact::Style(person(2)?), 3),
                "need" => (Fact::Need(person(2)?), 3),
                "allegiance" => (Fact::Allegiance(person(2)?), 3),
                "decision_maker" => (Fact::Key(KeyInfo::Participants), 2),
                "criterion" => (Fact::Key(KeyInfo::Needs), 2),
                "budget" => (Fact::Key(KeyInfo::Budget), 2),
                "tender_week" => (Fact::Key(KeyInfo::Process), 2),
                "leading_rival" => (Fact::Key(KeyInfo::Competition), 2),
                "rank" => (Fact::Rank, 2),
                w => {
                    return Err(format!(
                        "cannot believe `{w}`; expected role, circle, style, need, allegiance, decision_maker, criterion, budget, tender_week, leading_rival or rank"
                    ));
                }
            };
            let v = arg(at, "a value or `none`")?;
            let value = if v == "none" {
                None
            } else {
                Some(match fact {
                    Fact::Role(_) => Value::Role(pick(v, "role")?),
                    Fact::Circle(_) => Value::Circle(pick(v, "circle")?),
                    Fact::Style(_) => Value::Style(pick(v, "style")?),
                    Fact::Need(_) => Value::Need(pick(v, "need")?),
                    Fact::Allegiance(_) | Fact::Key(KeyInfo::Competition) => {
                        Value::Vendor(vendor(v)?)
                    }
                    Fact::Key(KeyInfo::Participants) => Value::Person(person(at)?),
                    Fact::Key(KeyInfo::Needs) => Value::Criterion(pick(v, "criterion")?),
                    Fact::Key(KeyInfo::Budget) => Value::Amount(number(at, "the budget in 万元")?),
                    Fact::Key(KeyInfo::Process) => Value::Week(number(at, "a week")?),
                    _ => Value::Rank(number(at, "a rank")?.min(255) as u8),
                })
            };
            Act::Believe(fact, value)
        }
        w => return Err(format!("unknown action `{w}`")),
    };
    Ok(act)
}

/// Parse a whole script: one action a line; blank lines and `#` comments are skipped.
/// Errors carry the 1-based line number.
pub fn parse_script(scn: &Scenario, text: &str) -> Result<Vec<Act>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        out.push(parse_act(scn, line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(out)
}
