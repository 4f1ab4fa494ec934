//! One source of truth for the judgements more than one screen makes: whom the player
//! believes a person to be, how many key people are for us, whether the decision maker
//! favours us. The engine's checks, the scorecard, the debrief and the game window all ask
//! these functions, so a tick on one screen is never a cross on another.
//!
//! Attitudes are compared in whole points after truncation toward zero ([`attitude_shown`]):
//! what the debrief shows as "+20" counts as 20 everywhere, and 19.6 shows and counts as 19.

use crate::scenario::schema::{Circle, KeyInfo, Role};
use crate::sim::game::Game;
use crate::sim::model::{P, US};
use crate::sim::types::{Fact, Value};

/// The attitude at which a key person counts as favouring us (the relationships score, the
/// "key people for us" count).
pub const KEY_PERSON_FAVOURS: i32 = 20;

/// The attitude at which the decision maker counts as favouring us (the gate check "the
/// decision maker favours us" and the negotiating power source of the same name).
pub const DM_FAVOURS: i32 = 30;

/// A true attitude as every screen shows it and every judgement compares it: whole points,
/// truncated toward zero.
pub fn attitude_shown(a: f64) -> i32 {
    a.clamp(-100.0, 100.0).trunc() as i32
}

/// Whom the player believes person `p` to be: the account map's decision maker (key
/// information "participants") makes him the decision maker, whatever his own sheet says;
/// otherwise the role on his sheet, if any.
pub fn believed_role(g: &Game, p: P) -> Option<Role> {
    if g.map().decision_maker == Some(p) {
        return Some(Role::DecisionMaker);
    }
    match g.map().get(Fact::Role(p)) {
        Some(Value::Role(r)) => Some(r),
        _ => None,
    }
}

/// Whether a person is a key person: active, in the political or core circle (the truth).
pub fn is_key_person(g: &Game, p: P) -> bool {
    g.is_active(p) && g.circle(p) >= Circle::Political
}

/// Key people for us, `(n, of)`: of the `of` people in the political or core circle (the
/// active ones, by the truth), the `n` whose true attitude to us is at least
/// [`KEY_PERSON_FAVOURS`] (+20) as shown. The relationships score and the debrief count
/// this; the words for it are `judge.key_people` ("key people (political or core circle)
/// at +20 or more towards us").
pub fn key_people_for_us(g: &Game) -> (usize, usize) {
    let key: Vec<P> = (0..g.scenario().people.len())
        .filter(|&p| is_key_person(g, p))
        .collect();
    let n = key
        .iter()
        .filter(|&&p| attitude_shown(g.true_attitude(p)) >= KEY_PERSON_FAVOURS)
        .count();
    (n, key.len())
}

/// Whose view a judgement takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The hidden truth (the engine's checks, the debrief).
    True,
    /// The player's account map: the person he names the decision maker, and whom he
    /// believes that person favours.
    Believed,
}

/// Whether the decision maker favours us. As true: the true decision maker's attitude to
/// us is at least [`DM_FAVOURS`] (+30) as shown (no decision maker: no). As believed: the
/// account map names a decision maker and believes he favours us (`None` when the map
/// names no decision maker or not whom he favours: the player does not know).
pub fn dm_favours_us(g: &Game, seen: Seen) -> Option<bool> {
    match seen {
        Seen::True => Some(
            g.true_decision_maker()
                .is_some_and(|d| attitude_shown(g.true_attitude(d)) >= DM_FAVOURS),
        ),
        Seen::Believed => {
            let d = g.map().decision_maker?;
            match g.map().get(Fact::Allegiance(d))? {
                Value::Vendor(v) => Some(v == US),
                _ => None,
            }
        }
    }
}

/// The account map's decision maker, if the player has named one (by key information
/// "participants").
pub fn believed_decision_maker(g: &Game) -> Option<P> {
    match g.map().get(Fact::Key(KeyInfo::Participants)) {
        Some(Value::Person(p)) => Some(p),
        _ => None,
    }
}
