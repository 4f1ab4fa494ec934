//! Feedback where the action happens: what the coach says about a person, the last move,
//! the introductions open now, the intel of the last weeks and what an action will use.
//!
//! The game window and the CLI (`sandtable advice`) both speak through these functions, so
//! they say the same things. Everything here is Bevy-free and reads the engine only.
//!
//! The coach knows the rules (whether a step will work is decided by the engine's own rule,
//! [`Game::develop_outlook`]), but its words name only what the player knows: his own
//! actions, the reactions he saw, and what his map or his evidence says about a person. It
//! never prints a hidden number, and never a person's true role, circle, style or need
//! unless the player has learned it.

use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::{Circle, Need, Role, Style};
use crate::sim::describe::{self, word};
use crate::sim::tuning::Effect;
use crate::sim::{
    Act, Approach, Fact, Game, Illegal, LogEntry, LogKind, P, Phase, Reaction, Support, Value,
};

// ---- what the player knows ------------------------------------------------------------

/// What the player holds about a person's fact: his own map first, else the evidence.
fn known(g: &Game, fact: Fact) -> Option<Value> {
    g.map()
        .get(fact)
        .or_else(|| g.summary(fact).map(|s| s.best))
}

fn known_need(g: &Game, p: P) -> Option<Need> {
    match known(g, Fact::Need(p)) {
        Some(Value::Need(n)) => Some(n),
        _ => None,
    }
}

fn known_style(g: &Game, p: P) -> Option<Style> {
    match known(g, Fact::Style(p)) {
        Some(Value::Style(s)) => Some(s),
        _ => None,
    }
}

fn known_circle(g: &Game, p: P) -> Option<Circle> {
    match known(g, Fact::Circle(p)) {
        Some(Value::Circle(c)) => Some(c),
        _ => None,
    }
}

fn known_role(g: &Game, p: P) -> Option<Role> {
    match known(g, Fact::Role(p)) {
        Some(Value::Role(r)) => Some(r),
        _ => None,
    }
}

fn who(g: &Game, p: P, lang: Lang) -> String {
    describe::person_short(g.scenario(), p, lang)
}

/// "once", "twice", "3 times" (Chinese: "1 次").
fn times(lang: Lang, n: u32) -> String {
    match n {
        1 => tr(lang, "adv.times.one").to_string(),
        2 => tr(lang, "adv.times.two").to_string(),
        _ => trf(lang, "adv.times.n", &[("n", &n.to_string())]),
    }
}

fn list(lang: Lang, items: &[String]) -> String {
    items.join(tr(lang, "adv.list_sep"))
}

// ---- 4. how often the player did what with whom ---------------------------------------

/// How often the player did each kind of action with `p` (kind names as in
/// [`Act::kind`]), in the order he first did them. Counted from the player's own actions:
/// one cold call is one cold call. (The engine's per-person repetition counters are not a
/// history: an authority endorsement advances every member's cold-call counter, an
/// introduction is never counted and a failed "shape the tender" is not either.)
pub fn uses(g: &Game, p: P) -> Vec<(&'static str, u32)> {
    let mut out: Vec<(&'static str, u32)> = Vec::new();
    for a in g.actions() {
        if a.target() != Some(p) {
            continue;
        }
        let k = a.kind();
        match out.iter_mut().find(|(x, _)| *x == k) {
            Some((_, n)) => *n += 1,
            None => out.push((k, 1)),
        }
    }
    out
}

/// How often the player did this kind of action (its [`Act::kind`]) with its target: the
/// count to show beside the action's button ("Cold call (done 1×)"). 0 for an action
/// without a target.
pub fn times_done(g: &Game, act: &Act) -> u32 {
    let Some(p) = act.target() else {
        return 0;
    };
    let k = act.kind();
    g.actions()
        .iter()
        .filter(|a| a.target() == Some(p) && a.kind() == k)
        .count() as u32
}

/// How many times the player has been in touch with `p` (every action aimed at him).
pub fn contacts(g: &Game, p: P) -> u32 {
    g.actions().iter().filter(|a| a.target() == Some(p)).count() as u32
}

// ---- 1. readiness of "develop a supporter" --------------------------------------------

/// Something that stands between the player and the next "develop a supporter" step, in
/// terms the player knows.
#[derive(Debug, Clone, PartialEq)]
pub enum Missing {
    /// The action itself is not possible now (stage, contact, days, money).
    Refused(Illegal),
    /// He is already a coach: there is no further level.
    AlreadyCoach,
    /// He has no part in the decision. `believed` is the circle the player's map or
    /// evidence gives him, if any.
    OutsideCircle { believed: Option<Circle> },
    /// He would be ready but stays neutral: some people never take sides.
    Neutral,
    /// He is not won over enough for the next level. `suggest` are the moves that suit
    /// what the player knows of him (his need and style), best first.
    Warmth {
        level: Support,
        need: Option<Need>,
        suggest: Vec<Act>,
    },
    /// He does not trust us enough for the next level; `met` is how often the player has
    /// been in touch with him.
    Trust {
        level: Support,
        met: u32,
        suggest: Vec<Act>,
    },
}

/// Whether the next "develop a supporter" step with a person would succeed, and why not.
#[derive(Debug, Clone, PartialEq)]
pub struct Readiness {
    /// `Act::Develop(p)` played now makes him a supporter at the next level.
    pub ready: bool,
    /// The level the next step aims at (informant, sponsor, coach); `None` for a coach.
    pub next: Option<Support>,
    /// One line for the player: "Ready: …" or "Not ready: …".
    pub line: String,
    /// What is missing, in the order to work on it (empty when ready).
    pub missing: Vec<Missing>,
    /// A remark that is not a blocker, e.g. why the next level is coach and not sponsor.
    pub note: Option<String>,
}

/// The moves that move people (not the unethical ones, not the endorsement, which is not
/// aimed at one person, and not an executive visit, which is kept for the few who decide).
fn moves(g: &Game, p: P) -> [(Act, Effect); 8] {
    let t = &g.scenario().tuning;
    [
        (Act::Meeting(p, Approach::ProbeNeeds), t.probe_needs),
        (Act::Meeting(p, Approach::Fabe), t.fabe),
        (Act::Meeting(p, Approach::Rapport), t.rapport),
        (Act::Seminar(p), t.seminar),
        (Act::Demo(p), t.demo),
        (Act::FactoryVisit(p), t.factory_visit),
        (Act::ReferenceVisit(p), t.reference_visit),
        (Act::BusinessMeal(p), t.business_meal),
    ]
}

/// A move is worth suggesting when the engine would take it now or only lacks this
/// week's days or an executive visit.
fn possible_soon(g: &Game, a: &Act) -> bool {
    matches!(
        g.check(a),
        Ok(()) | Err(Illegal::NoRepDays | Illegal::NoPresalesDays)
    )
}

/// The best two moves by `score` (effect, what the player knows of him, and how often
/// he has already done the move: the same move wears off).
fn best_moves(g: &Game, p: P, score: impl Fn(&Effect) -> f64) -> Vec<Act> {
    let factor = g.scenario().tuning.repeat_factor;
    let mut scored: Vec<(f64, Act)> = moves(g, p)
        .into_iter()
        .filter(|(a, _)| possible_soon(g, a))
        .map(|(a, e)| {
            let mut s = score(&e);
            for _ in 0..times_done(g, &a) {
                s *= factor;
            }
            (s, a)
        })
        .filter(|(s, _)| *s > 0.0)
        .collect();
    // Stable: equal scores keep the table's order.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0));
    scored.into_iter().take(2).map(|(_, a)| a).collect()
}

fn warm_moves(g: &Game, p: P) -> Vec<Act> {
    let need = known_need(g, p);
    let style = known_style(g, p);
    best_moves(g, p, |e| {
        e.base
            * need.map_or(1.0, |n| e.need[n as usize])
            * style.map_or(1.0, |s| e.style[s as usize])
    })
}

fn trust_moves(g: &Game, p: P) -> Vec<Act> {
    let style = known_style(g, p);
    best_moves(g, p, |e| {
        // A move that irritates him builds no trust worth having.
        let liked = style.map_or(1.0, |s| e.style[s as usize]);
        if liked <= 0.0 { 0.0 } else { e.trust }
    })
}

fn kind_names(lang: Lang, acts: &[Act]) -> String {
    let names: Vec<String> = acts
        .iter()
        .map(|a| tr(lang, &format!("kind.{}", a.kind())).to_string())
        .collect();
    list(lang, &names)
}

/// Whether the next "develop a supporter" step with `p` would succeed, with a line that
/// names only what the player knows.
pub fn readiness(g: &Game, p: P, lang: Lang) -> Readiness {
    let name = who(g, p, lang);
    if p >= g.scenario().people.len() || !g.is_visible(p) {
        let why = Illegal::UnknownPerson;
        return Readiness {
            ready: false,
            next: None,
            line: trf(lang, "adv.r.refused", &[("why", &illegal(lang, &why))]),
            missing: vec![Missing::Refused(why)],
            note: None,
        };
    }
    let outlook = g.develop_outlook(p);
    let missing = blockers(g, p);
    let note = sponsor_note(g, p, lang);
    let refusal = g.check(&Act::Develop(p)).err();
    let ready = refusal.is_none() && outlook.succeeds();
    let mut all = Vec::new();
    if let Some(why) = refusal.clone() {
        all.push(Missing::Refused(why));
    }
    all.extend(missing);
    let verdict = if outlook.succeeds() {
        let level = outlook.next.unwrap_or(Support::Informant);
        trf(
            lang,
            "adv.r.ready",
            &[("who", &name), ("level", &word(lang, "support", level))],
        )
    } else {
        let reasons: Vec<String> = all
            .iter()
            .filter(|m| !matches!(m, Missing::Refused(_)))
            .map(|m| missing_text(g, p, m, lang))
            .collect();
        trf(
            lang,
            "adv.r.not_ready",
            &[("reasons", &reasons.join(tr(lang, "adv.reason_sep")))],
        )
    };
    let verdict = match &note {
        Some(n) => format!("{verdict}{}{n}", tr(lang, "adv.note_sep")),
        None => verdict,
    };
    let line = match refusal {
        None => verdict,
        // Out of days this week: say so, and what the step would meet next week.
        Some(why @ (Illegal::NoRepDays | Illegal::NoPresalesDays)) => trf(
            lang,
            "adv.r.next_week",
            &[("why", &illegal(lang, &why)), ("rest", &verdict)],
        ),
        Some(why) => trf(lang, "adv.r.refused", &[("why", &illegal(lang, &why))]),
    };
    Readiness {
        ready,
        next: outlook.next,
        line,
        missing: all,
        note,
    }
}

/// What the develop rule still misses for `p`, in player terms (the action's legality
/// aside). Empty when the step would succeed.
fn blockers(g: &Game, p: P) -> Vec<Missing> {
    let o = g.develop_outlook(p);
    let Some(level) = o.next else {
        return vec![Missing::AlreadyCoach];
    };
    if !o.in_circle {
        return vec![Missing::OutsideCircle {
            believed: known_circle(g, p),
        }];
    }
    let mut out = Vec::new();
    if !o.warm_enough {
        out.push(Missing::Warmth {
            level,
            need: known_need(g, p),
            suggest: warm_moves(g, p),
        });
    }
    if !o.trusts_enough {
        out.push(Missing::Trust {
            level,
            met: contacts(g, p),
            suggest: trust_moves(g, p),
        });
    }
    // Staying neutral is named only once nothing else is missing: until then, the
    // player has work to do either way.
    if out.is_empty() && !o.willing {
        out.push(Missing::Neutral);
    }
    out
}

/// Why the next level is coach and not sponsor, when that is so for an informant.
fn sponsor_note(g: &Game, p: P, lang: Lang) -> Option<String> {
    if g.support(p) != Support::Informant || g.develop_outlook(p).next != Some(Support::Coach) {
        return None;
    }
    let name = who(g, p, lang);
    Some(match known_circle(g, p) {
        Some(c) if c < Circle::Political => trf(
            lang,
            "adv.note.no_sponsor_known",
            &[("who", &name), ("circle", &word(lang, "circle", c))],
        ),
        Some(c) => trf(
            lang,
            "adv.note.no_sponsor_contradicts",
            &[("who", &name), ("circle", &word(lang, "circle", c))],
        ),
        None => trf(lang, "adv.note.no_sponsor_unknown", &[("who", &name)]),
    })
}

/// Why the engine would refuse `act` now, in the player's language; `None` when it is
/// legal. (The window shows this beside a disabled button and after a refused click.)
pub fn refusal(g: &Game, act: &Act, lang: Lang) -> Option<String> {
    g.check(act).err().map(|why| illegal(lang, &why))
}

fn illegal(lang: Lang, why: &Illegal) -> String {
    let key = format!("illegal.{}", describe::snake(why));
    let s = tr(lang, &key);
    if s == key {
        why.to_string()
    } else {
        s.to_string()
    }
}

/// One missing thing in words.
pub fn missing_text(g: &Game, p: P, m: &Missing, lang: Lang) -> String {
    let name = who(g, p, lang);
    match m {
        Missing::Refused(why) => illegal(lang, why),
        Missing::AlreadyCoach => trf(lang, "adv.m.coach", &[("who", &name)]),
        Missing::OutsideCircle { believed } => match believed {
            Some(c) if *c < Circle::Watcher => trf(
                lang,
                "adv.m.outside_known",
                &[("who", &name), ("circle", &word(lang, "circle", c))],
            ),
            Some(c) => trf(
                lang,
                "adv.m.outside_contradicts",
                &[("who", &name), ("circle", &word(lang, "circle", c))],
            ),
            None => trf(lang, "adv.m.outside_unknown", &[("who", &name)]),
        },
        Missing::Neutral => trf(lang, "adv.m.neutral", &[("who", &name)]),
        Missing::Warmth {
            level,
            need,
            suggest,
        } => {
            let level = word(lang, "support", level);
            let acts = kind_names(lang, suggest);
            match need {
                Some(n) => trf(
                    lang,
                    if suggest.is_empty() {
                        "adv.m.warmth_need_none"
                    } else {
                        "adv.m.warmth_need"
                    },
                    &[
                        ("who", &name),
                        ("level", &level),
                        ("need", &word(lang, "need", n)),
                        ("acts", &acts),
                    ],
                ),
                None => trf(
                    lang,
                    "adv.m.warmth_unknown",
                    &[("who", &name), ("level", &level)],
                ),
            }
        }
        Missing::Trust {
            level,
            met,
            suggest,
        } => {
            let key = match (*level, suggest.is_empty()) {
                (Support::Informant, false) => "adv.m.trust_first",
                (Support::Informant, true) => "adv.m.trust_first_none",
                (_, false) => "adv.m.trust_more",
                (_, true) => "adv.m.trust_more_none",
            };
            trf(
                lang,
                key,
                &[
                    ("who", &name),
                    ("level", &word(lang, "support", level)),
                    ("met", &times(lang, *met)),
                    ("acts", &kind_names(lang, suggest)),
                ],
            )
        }
    }
}

// ---- 2. the last move -----------------------------------------------------------------

/// The coach's line on the player's most recent action (map notes aside): why it worked or
/// failed, in terms the player knows. `None` before the first action and right after a
/// week ended (the intel tells the week's news).
pub fn last_move(g: &Game, lang: Lang) -> Option<String> {
    let act = *g
        .actions()
        .iter()
        .rev()
        .find(|a| !matches!(a, Act::Believe(..)))?;
    if act == Act::EndWeek {
        return None;
    }
    let log = g.log();
    // The entries the action wrote begin at its (first) `Acted` entry; an endorsement
    // writes one per member it reached, then one for itself.
    let at = log
        .iter()
        .rposition(|e| matches!(&e.kind, LogKind::Acted { act: a, .. } if *a == act));
    let at = at.map(|mut i| {
        if act == Act::Endorsement {
            while i > 0
                && matches!(
                    log[i - 1].kind,
                    LogKind::Acted {
                        act: Act::Endorsement,
                        reaction: Some(_),
                        ..
                    }
                )
            {
                i -= 1;
            }
        }
        i
    });
    let after: &[LogEntry] = match at {
        Some(i) => &log[i..],
        None => &[],
    };
    let learned = after
        .iter()
        .filter(|e| e.seen && matches!(e.kind, LogKind::Evidence(..) | LogKind::Discovered(_)))
        .count();
    let scn = g.scenario();
    let text = match act {
        Act::Develop(p) => {
            let gained = after.iter().find_map(|e| match e.kind {
                LogKind::SupporterGained(q, level) if q == p => Some(level),
                _ => None,
            });
            match gained {
                Some(level) => trf(
                    lang,
                    "adv.lm.develop_ok",
                    &[
                        ("who", &who(g, p, lang)),
                        ("level", &word(lang, "support", level)),
                    ],
                ),
                None => {
                    let reasons: Vec<String> = blockers(g, p)
                        .iter()
                        .map(|m| missing_text(g, p, m, lang))
                        .collect();
                    trf(
                        lang,
                        "adv.lm.develop_fail",
                        &[
                            ("who", &who(g, p, lang)),
                            ("reasons", &reasons.join(tr(lang, "adv.reason_sep"))),
                        ],
                    )
                }
            }
        }
        Act::ShapeTender(p) => {
            let shaped = after
                .iter()
                .any(|e| matches!(e.kind, LogKind::Shaped(q, _) if q == p));
            let name = who(g, p, lang);
            if shaped {
                trf(lang, "adv.lm.shaped", &[("who", &name)])
            } else {
                match known_role(g, p) {
                    Some(r) if !matches!(r, Role::TechnicalLead | Role::User) => trf(
                        lang,
                        "adv.lm.shape_failed_role",
                        &[("who", &name), ("role", &word(lang, "role", r))],
                    ),
                    _ => trf(lang, "adv.lm.shape_failed", &[("who", &name)]),
                }
            }
        }
        Act::Introduction { from, to } => trf(
            lang,
            "adv.lm.introduced",
            &[("from", &who(g, from, lang)), ("who", &who(g, to, lang))],
        ),
        Act::Endorsement => {
            let reached = after
                .iter()
                .filter(|e| {
                    matches!(
                        e.kind,
                        LogKind::Acted {
                            act: Act::Endorsement,
                            reaction: Some(_),
                            ..
                        }
                    )
                })
                .count();
            if reached == 0 {
                tr(lang, "adv.lm.endorsed_nobody").to_string()
            } else {
                trf(lang, "adv.lm.endorsed", &[("n", &reached.to_string())])
            }
        }
        Act::Meeting(p, Approach::AskInfo(k))
            if after
                .iter()
                .any(|e| matches!(e.kind, LogKind::Evaded(q) if q == p)) =>
        {
            trf(
                lang,
                "adv.lm.evaded",
                &[("who", &who(g, p, lang)), ("info", &word(lang, "ki", k))],
            )
        }
        Act::Meeting(p, Approach::AskInfo(k))
            if after
                .iter()
                .any(|e| matches!(e.kind, LogKind::DoesNotKnow(q) if q == p)) =>
        {
            trf(
                lang,
                "adv.lm.does_not_know",
                &[("who", &who(g, p, lang)), ("info", &word(lang, "ki", k))],
            )
        }
        _ => match (act.target(), reaction_of(after, &act)) {
            (Some(p), Some((r, repeat))) => reaction_line(g, p, &act, r, repeat, lang),
            _ => trf(
                lang,
                "adv.lm.done",
                &[("act", &describe::act(scn, &act, lang))],
            ),
        },
    };
    Some(if learned > 0 {
        format!(
            "{text}{}",
            trf(lang, "adv.lm.learned", &[("n", &learned.to_string())])
        )
    } else {
        text
    })
}

fn reaction_of(after: &[LogEntry], act: &Act) -> Option<(Reaction, u32)> {
    after.iter().find_map(|e| match &e.kind {
        LogKind::Acted {
            act: a,
            reaction: Some(r),
            repeat,
            ..
        } if a == act => Some((*r, *repeat)),
        _ => None,
    })
}

/// The effect table entry of a move aimed at one person, if it has one.
fn effect_of(g: &Game, act: &Act) -> Option<Effect> {
    let t = &g.scenario().tuning;
    Some(match act {
        Act::ColdCall(_) => t.cold_call,
        Act::Meeting(_, Approach::ProbeNeeds) => t.probe_needs,
        Act::Meeting(_, Approach::Fabe) => t.fabe,
        Act::Meeting(_, Approach::Rapport) => t.rapport,
        Act::Meeting(_, Approach::AskInfo(_)) => t.ask_info,
        Act::Meeting(_, Approach::WhereDoWeStand) => t.where_do_we_stand,
        Act::Meeting(_, Approach::ProposeNextStep) => t.propose_next_step,
        Act::Seminar(_) => t.seminar,
        Act::Demo(_) => t.demo,
        Act::FactoryVisit(_) => t.factory_visit,
        Act::ReferenceVisit(_) => t.reference_visit,
        Act::ExecutiveVisit(_) => t.executive_visit,
        Act::BusinessMeal(_) => t.business_meal,
        Act::Gift(_) => t.gift,
        Act::Kickback(_) => t.kickback,
        _ => return None,
    })
}

/// Multipliers at or above this count as "suits him", below `POOR` as "does little".
const GOOD: f64 = 1.2;
const POOR: f64 = 0.85;

fn reaction_line(g: &Game, p: P, act: &Act, r: Reaction, repeat: u32, lang: Lang) -> String {
    let name = who(g, p, lang);
    let kind = tr(lang, &format!("kind.{}", act.kind())).to_string();
    let e = effect_of(g, act);
    let need = known_need(g, p);
    let style = known_style(g, p);
    let need_x = |n: Need| e.map_or(1.0, |e| e.need[n as usize]);
    let style_x = |s: Style| e.map_or(1.0, |e| e.style[s as usize]);
    let why = match r {
        Reaction::Enthusiastic | Reaction::Positive => {
            let mut parts = Vec::new();
            if let Some(n) = need.filter(|&n| need_x(n) >= GOOD) {
                parts.push(trf(
                    lang,
                    "adv.why.meets_need",
                    &[("who", &name), ("need", &word(lang, "need", n))],
                ));
            }
            if let Some(s) = style.filter(|&s| style_x(s) >= GOOD) {
                parts.push(trf(
                    lang,
                    "adv.why.suits_style",
                    &[("style", &word(lang, "style", s))],
                ));
            }
            // Welcomed although the need the player believes says it should do little: the
            // belief may be wrong.
            if let Some(n) = need.filter(|&n| need_x(n) < POOR) {
                parts.push(trf(
                    lang,
                    "adv.why.check_need",
                    &[("who", &name), ("need", &word(lang, "need", n))],
                ));
            }
            parts
        }
        Reaction::Neutral => {
            let mut parts = Vec::new();
            if repeat >= 1 {
                parts.push(trf(
                    lang,
                    "adv.why.repeat",
                    &[("n", &times(lang, repeat + 1))],
                ));
            }
            if let Some(n) = need.filter(|&n| need_x(n) < POOR) {
                parts.push(trf(
                    lang,
                    "adv.why.misses_need",
                    &[("who", &name), ("need", &word(lang, "need", n))],
                ));
            }
            if let Some(s) = style.filter(|&s| style_x(s) < POOR) {
                parts.push(trf(
                    lang,
                    "adv.why.poor_style",
                    &[("style", &word(lang, "style", s))],
                ));
            }
            // Met coolly although the need the player believes says it should suit him.
            if let Some(n) = need.filter(|&n| need_x(n) >= GOOD) {
                parts.push(trf(
                    lang,
                    "adv.why.check_need",
                    &[("who", &name), ("need", &word(lang, "need", n))],
                ));
            }
            if parts.is_empty() && (need.is_none() || style.is_none()) {
                parts.push(trf(lang, "adv.why.unknown", &[("who", &name)]));
            }
            if parts.is_empty() && contacts(g, p) <= 2 {
                parts.push(trf(lang, "adv.why.new", &[("who", &name)]));
            }
            parts
        }
        Reaction::Cool | Reaction::Irritated => {
            let mut parts = Vec::new();
            let pushed = matches!(act, Act::Meeting(_, Approach::ProposeNextStep))
                && e.is_none_or(|e| e.base > 0.0);
            if pushed {
                parts.push(trf(lang, "adv.why.pushed", &[("who", &name)]));
            } else {
                match style {
                    Some(s) if style_x(s) < 0.0 => parts.push(trf(
                        lang,
                        "adv.why.wrong_style",
                        &[("style", &word(lang, "style", s))],
                    )),
                    Some(_) => {}
                    None => parts.push(trf(lang, "adv.why.style_unknown", &[("who", &name)])),
                }
            }
            parts
        }
    };
    let key = match r {
        Reaction::Enthusiastic | Reaction::Positive => "adv.lm.landed",
        Reaction::Neutral => "adv.lm.flat",
        Reaction::Cool | Reaction::Irritated => "adv.lm.backfired",
    };
    let head = trf(
        lang,
        key,
        &[
            ("act", &kind),
            ("who", &name),
            ("reaction", &word(lang, "reaction", r)),
        ],
    );
    if why.is_empty() {
        format!("{head}{}", tr(lang, "adv.end"))
    } else {
        format!(
            "{head}{}{}{}",
            tr(lang, "adv.dash"),
            why.join(tr(lang, "adv.reason_sep")),
            tr(lang, "adv.end")
        )
    }
}

// ---- 3. introductions -----------------------------------------------------------------

/// Every introduction the engine would accept right now, as (introducer, person): the
/// window offers each on the introducer's page and on the person's card.
pub fn introductions(g: &Game) -> Vec<(P, P)> {
    let n = g.scenario().people.len();
    let mut out = Vec::new();
    for from in 0..n {
        if !g.is_visible(from) || !g.is_contacted(from) {
            continue;
        }
        for to in 0..n {
            if g.check(&Act::Introduction { from, to }).is_ok() {
                out.push((from, to));
            }
        }
    }
    out
}

// ---- 5. the intel feed ----------------------------------------------------------------

/// One line of the intel feed: what the player saw, with near-identical lines grouped.
#[derive(Debug, Clone, PartialEq)]
pub struct IntelLine {
    pub week: u32,
    /// The line, without the count.
    pub text: String,
    /// How many log entries it stands for (1 for most).
    pub count: u32,
}

impl IntelLine {
    /// The line as shown: the text, with "×N" when it stands for more than one entry.
    pub fn display(&self, lang: Lang) -> String {
        if self.count > 1 {
            format!(
                "{}{}",
                self.text,
                trf(lang, "adv.intel.times", &[("n", &self.count.to_string())])
            )
        } else {
            self.text.clone()
        }
    }
}

/// The intel feed: what the player saw in the last `weeks` weeks (this week counts as
/// one; 2 = this week and last), newest first. Identical lines of one week are one line
/// with a count; an endorsement is one line that tallies the members it reached.
pub fn intel(g: &Game, lang: Lang, weeks: u32) -> Vec<IntelLine> {
    let from = g.week().saturating_sub(weeks.max(1) - 1);
    let scn = g.scenario();
    let mut out: Vec<IntelLine> = Vec::new();
    let log = g.log();
    let mut i = log.len();
    while i > 0 {
        i -= 1;
        let e = &log[i];
        if e.week < from {
            break;
        }
        if !e.seen {
            continue;
        }
        let text = match &e.kind {
            // An endorsement writes one entry per member it reached, then its own: read
            // back over the members' entries and tally their reactions.
            LogKind::Acted {
                act: Act::Endorsement,
                reaction: None,
                ..
            } => {
                let mut tally: Vec<(Reaction, u32)> = Vec::new();
                while i > 0 {
                    match &log[i - 1].kind {
                        LogKind::Acted {
                            act: Act::Endorsement,
                            reaction: Some(r),
                            ..
                        } => {
                            match tally.iter_mut().find(|(x, _)| x == r) {
                                Some((_, n)) => *n += 1,
                                None => tally.push((*r, 1)),
                            }
                            i -= 1;
                        }
                        _ => break,
                    }
                }
                endorsement_line(scn, lang, &mut tally)
            }
            _ => describe::log_entry(g, e, lang, false),
        };
        if text.is_empty() {
            continue;
        }
        match out.iter_mut().find(|l| l.week == e.week && l.text == text) {
            Some(l) => l.count += 1,
            None => out.push(IntelLine {
                week: e.week,
                text,
                count: 1,
            }),
        }
    }
    out
}

fn endorsement_line(
    scn: &crate::sim::Scenario,
    lang: Lang,
    tally: &mut [(Reaction, u32)],
) -> String {
    let act = describe::act(scn, &Act::Endorsement, lang);
    let n: u32 = tally.iter().map(|t| t.1).sum();
    if n == 0 {
        return trf(lang, "adv.intel.endorsement_nobody", &[("act", &act)]);
    }
    // Warmest first.
    let rank = |r: Reaction| match r {
        Reaction::Enthusiastic => 0,
        Reaction::Positive => 1,
        Reaction::Neutral => 2,
        Reaction::Cool => 3,
        Reaction::Irritated => 4,
    };
    tally.sort_by_key(|t| rank(t.0));
    let parts: Vec<String> = tally
        .iter()
        .map(|(r, k)| {
            trf(
                lang,
                "adv.intel.reaction_count",
                &[
                    ("reaction", &word(lang, "reaction", r)),
                    ("n", &k.to_string()),
                ],
            )
        })
        .collect();
    trf(
        lang,
        "adv.intel.endorsement",
        &[
            ("act", &act),
            ("n", &n.to_string()),
            ("reactions", &list(lang, &parts)),
        ],
    )
}

// ---- 6. what an action will use -------------------------------------------------------

/// Before an action: what it uses of this week's days, the executive visits and the
/// expense budget, e.g. "1 of 3 rep days · both pre-sales days left (no other pre-sales
/// work this week)".
pub fn cost_preview(g: &Game, act: &Act, lang: Lang) -> String {
    let c = g.cost_of(act);
    let mut parts = Vec::new();
    let days = |parts: &mut Vec<String>, n: u32, left: u32, res: &str| {
        if n == 0 {
            return;
        }
        let (n_s, left_s) = (n.to_string(), left.to_string());
        let key = if n > left {
            format!("adv.cost.{res}_short")
        } else if n < left {
            format!("adv.cost.{res}")
        } else if n == 2 {
            format!("adv.cost.{res}_both")
        } else if n == 1 {
            format!("adv.cost.{res}_last")
        } else {
            format!("adv.cost.{res}_all")
        };
        parts.push(trf(lang, &key, &[("n", &n_s), ("left", &left_s)]));
    };
    days(&mut parts, c.rep_days, g.rep_days_left(), "rep");
    days(
        &mut parts,
        c.presales_days,
        g.presales_days_left(),
        "presales",
    );
    if matches!(act, Act::ExecutiveVisit(_)) {
        parts.push(trf(
            lang,
            "adv.cost.exec",
            &[("left", &g.executive_visits_left().to_string())],
        ));
    }
    if c.expense > 0.0 {
        let left = (g.expense_budget() - g.spent()).max(0.0);
        parts.push(trf(
            lang,
            "adv.cost.expense",
            &[
                ("x", &crate::sim::describe::money(lang, c.expense)),
                ("left", &crate::sim::describe::money(lang, left)),
            ],
        ));
    }
    if parts.is_empty() {
        return tr(lang, "adv.cost.free").to_string();
    }
    parts.join(" · ")
}

/// Whether the window should ask before playing `act`: it ends a week with rep days unused,
/// it uses all of this week's rep or pre-sales days, an executive visit, a noticeable share of the expense budget (5% of
/// it, or a quarter of what is left), or it cannot be taken back (a stage, a bid, a
/// partnership, an objection, walking away, an unethical act).
pub fn is_costly(g: &Game, act: &Act) -> bool {
    let c = g.cost_of(act);
    let all_of = |n: u32, left: u32| n > 0 && n >= left;
    let left = (g.expense_budget() - g.spent()).max(0.0);
    let dear =
        c.expense > 0.0 && (c.expense >= 0.05 * g.expense_budget() || c.expense >= 0.25 * left);
    // Ending a week with rep days unused gives them away.
    let wasted = *act == Act::EndWeek && g.phase() == Phase::Playing && g.rep_days_left() > 0;
    wasted
        || all_of(c.rep_days, g.rep_days_left())
        || all_of(c.presales_days, g.presales_days_left())
        || dear
        || act.is_unethical()
        || matches!(
            act,
            Act::ExecutiveVisit(_)
                | Act::Qualify(_)
                | Act::Advance
                | Act::WalkAway
                | Act::Bid { .. }
                | Act::Partner(_)
                | Act::Objection
                | Act::Negotiate(_)
        )
}

// ---- 7. everything at once, for the CLI -------------------------------------------------

/// The coach's view of a game as text: the week, the last move, each person on the map
/// with his readiness line, the introductions open now and the intel of this week and
/// last (what `sandtable advice` prints).
pub fn report(g: &Game, lang: Lang) -> String {
    let scn = g.scenario();
    let res = &scn.file.resources;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(trf(
        lang,
        "adv.cli.week",
        &[
            ("week", &g.week().to_string()),
            ("stage", tr(lang, g.stage().key())),
            ("rep", &g.rep_days_left().to_string()),
            ("rep_all", &res.rep_days.to_string()),
            ("ps", &g.presales_days_left().to_string()),
            ("ps_all", &res.presales_days.to_string()),
        ],
    ));
    if let Some(m) = last_move(g, lang) {
        line(trf(lang, "adv.cli.last", &[("text", &m)]));
    }
    line(String::new());
    line(tr(lang, "adv.cli.people").to_string());
    for p in 0..scn.people.len() {
        if !g.is_visible(p) {
            continue;
        }
        let r = readiness(g, p, lang);
        let done: Vec<String> = uses(g, p)
            .iter()
            .map(|(k, n)| {
                trf(
                    lang,
                    "adv.cli.done",
                    &[
                        ("kind", tr(lang, &format!("kind.{k}"))),
                        ("n", &n.to_string()),
                    ],
                )
            })
            .collect();
        line(format!("  {}: {}", describe::person(scn, p, lang), r.line));
        if !done.is_empty() {
            line(format!("    {}", list(lang, &done)));
        }
    }
    line(String::new());
    line(tr(lang, "adv.cli.intros").to_string());
    let intros = introductions(g);
    if intros.is_empty() {
        line(format!("  {}", tr(lang, "adv.cli.none")));
    }
    for (from, to) in intros {
        line(format!(
            "  {}",
            trf(
                lang,
                "adv.cli.intro",
                &[
                    ("from", &who(g, from, lang)),
                    ("who", &describe::person(scn, to, lang))
                ],
            )
        ));
    }
    line(String::new());
    line(tr(lang, "adv.cli.intel").to_string());
    let feed = intel(g, lang, 2);
    if feed.is_empty() {
        line(format!("  {}", tr(lang, "adv.cli.none")));
    }
    for l in feed {
        line(format!(
            "  {} {}",
            trf(lang, "adv.cli.week_short", &[("n", &l.week.to_string())]),
            l.display(lang)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Scenario;
    use std::sync::Arc;

    const DM: P = 0;
    const TECH: P = 1;
    const ENG1: P = 2;
    const PROC: P = 6;

    fn load(name: &str, src: &str) -> Arc<Scenario> {
        let l = crate::scenario::load_str(name, src).expect("fixture loads");
        Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
    }

    fn water_lab() -> Arc<Scenario> {
        load(
            "water_lab.ron",
            include_str!("../tests/fixtures/water_lab.ron"),
        )
    }

    fn shipped(id: &str) -> Arc<Scenario> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("scenarios/{id}.ron"));
        let l = crate::scenario::load_path(&path).expect("shipped scenario");
        Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"))
    }

    fn play(g: &mut Game, acts: &[Act]) {
        for a in acts {
            g.apply(*a)
                .unwrap_or_else(|e| panic!("week {}: {a:?} refused: {e}", g.week()));
        }
    }

    /// Play `a`, ending the week first when this week's days are used up.
    fn now(g: &mut Game, a: Act) {
        if matches!(
            g.check(&a),
            Err(Illegal::NoRepDays | Illegal::NoPresalesDays)
        ) {
            play(g, &[Act::EndWeek]);
        }
        play(g, &[a]);
    }

    fn at_contact(seed: u64) -> Game {
        let mut g = Game::new(water_lab(), seed);
        play(&mut g, &[Act::Qualify(true)]);
        g
    }

    /// A small deterministic "player": picks among the legal actions with a seeded
    /// generator, leaning to the moves that touch people, and never ends the game on
    /// purpose. Calls `visit` before every action.
    fn wander(g: &mut Game, seed: u64, steps: usize, mut visit: impl FnMut(&Game)) {
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        for _ in 0..steps {
            if g.is_over() {
                return;
            }
            visit(g);
            let acts: Vec<Act> = g
                .legal_actions()
                .into_iter()
                .filter(|a| {
                    !matches!(
                        a,
                        Act::WalkAway
                            | Act::Qualify(false)
                            | Act::Bid { .. }
                            | Act::Partner(_)
                            | Act::Gift(_)
                            | Act::Kickback(_)
                            | Act::ObtainRivalBid
                            | Act::EndWeek
                    )
                })
                .collect();
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let pick = (x >> 33) as usize;
            let a = if acts.is_empty() || pick.is_multiple_of(9) {
                if g.check(&Act::EndWeek).is_err() {
                    return;
                }
                Act::EndWeek
            } else {
                acts[pick % acts.len()]
            };
            if g.apply(a).is_err() {
                return;
            }
        }
    }

    /// What the readiness line says holds: over scripted games on several scenarios and
    /// seeds, whenever it says ready, "develop a supporter" works; whenever it says not
    /// ready, it fails (refused, or "not ready" in the log).
    #[test]
    fn readiness_is_honest_about_the_next_develop_step() {
        let mut said = (0, 0);
        for scn in [water_lab(), shipped("steel_mill"), shipped("city_bank")] {
            for seed in 0..4 {
                let mut g = Game::new(scn.clone(), seed);
                wander(&mut g, seed, 120, |g| {
                    for p in 0..g.scenario().people.len() {
                        if !g.is_visible(p) {
                            continue;
                        }
                        let r = readiness(g, p, Lang::En);
                        let mut h = g.clone();
                        let worked =
                            h.apply(Act::Develop(p)).is_ok() && h.support(p) > g.support(p);
                        assert_eq!(
                            r.ready,
                            worked,
                            "{} seed {seed} week {} person {p}: {}",
                            g.scenario().id(),
                            g.week(),
                            r.line
                        );
                        assert_eq!(r.ready, r.line.starts_with("Ready:"), "{}", r.line);
                        assert_eq!(r.ready, r.missing.is_empty(), "{:?}", r.missing);
                        if r.ready {
                            said.0 += 1;
                        } else {
                            said.1 += 1;
                        }
                    }
                });
            }
        }
        assert!(
            said.0 > 20 && said.1 > 20,
            "ready {} / not ready {}",
            said.0,
            said.1
        );
    }

    /// Before the player has learned a person's need, the line says so and names no need;
    /// once the evidence says what he needs, the line names that need.
    #[test]
    fn the_line_names_a_need_only_once_it_was_learned() {
        for seed in 0..6 {
            let mut g = at_contact(seed);
            play(&mut g, &[Act::ColdCall(TECH)]);
            let r = readiness(&g, TECH, Lang::En);
            assert!(!r.ready);
            assert!(
                r.line.contains("you don't know what Engineer Qian needs"),
                "{}",
                r.line
            );
            for n in [
                "Power",
                "Achievement",
                "Recognition",
                "Acceptance",
                "Security",
            ] {
                assert!(!r.line.contains(n), "names a need unlearned: {}", r.line);
            }
            play(&mut g, &[Act::Meeting(TECH, Approach::ProbeNeeds)]);
            let Some(Value::Need(said)) = g.summary(Fact::Need(TECH)).map(|s| s.best) else {
                panic!("probing gives need evidence");
            };
            let r = readiness(&g, TECH, Lang::En);
            let need = word(Lang::En, "need", said);
            assert!(
                r.line.contains(&format!("Engineer Qian's need ({need})")),
                "seed {seed}: {}",
                r.line
            );
            // The player's own map wins over the evidence.
            let other = if said == Need::Power {
                Need::Security
            } else {
                Need::Power
            };
            play(
                &mut g,
                &[Act::Believe(Fact::Need(TECH), Some(Value::Need(other)))],
            );
            let r = readiness(&g, TECH, Lang::En);
            assert!(
                r.line
                    .contains(&format!("({})", word(Lang::En, "need", other))),
                "{}",
                r.line
            );
        }
    }

    /// Someone outside the decision: the line says so once his circle was learned, and
    /// only asks to find out before; develop fails either way.
    #[test]
    fn someone_outside_the_decision_is_named_so_only_when_known() {
        let mut g = at_contact(3);
        play(&mut g, &[Act::ColdCall(ENG1)]);
        let r = readiness(&g, ENG1, Lang::En);
        assert!(!r.ready);
        assert!(
            r.line
                .contains("you don't know what part Engineer Sun plays"),
            "{}",
            r.line
        );
        assert!(!r.line.contains("Unaware"), "{}", r.line);
        play(&mut g, &[Act::Meeting(ENG1, Approach::ProbeNeeds)]);
        let r = readiness(&g, ENG1, Lang::En);
        assert!(
            r.line.contains("cannot become a supporter: as far as you know Engineer Sun is outside the decision circle (Unaware)"),
            "{}",
            r.line
        );
        assert_eq!(
            r.missing,
            vec![Missing::OutsideCircle {
                believed: Some(Circle::Unaware)
            }]
        );
        let zh = readiness(&g, ENG1, Lang::Zh);
        assert!(zh.line.contains("孙工成不了支持者"), "{}", zh.line);
        play(&mut g, &[Act::Develop(ENG1)]);
        let m = last_move(&g, Lang::En).expect("a last move");
        assert!(
            m.starts_with(
                "Develop failed: Engineer Sun is not ready — Engineer Sun cannot become a supporter"
            ),
            "{m}"
        );
    }

    /// The trust hint counts the player's own contacts with the person; after warming him
    /// with suitable moves the line turns to ready and the develop step then works.
    #[test]
    fn warming_a_person_turns_the_line_to_ready() {
        let mut g = at_contact(1);
        play(&mut g, &[Act::ColdCall(TECH)]);
        let r = readiness(&g, TECH, Lang::En);
        assert!(r.line.contains("hardly knows you"), "{}", r.line);
        assert!(r.line.contains("(met once)"), "{}", r.line);
        let mut rounds = 0;
        while !readiness(&g, TECH, Lang::En).ready && rounds < 20 {
            let r = readiness(&g, TECH, Lang::En);
            let next = r
                .missing
                .iter()
                .find_map(|m| match m {
                    Missing::Warmth { suggest, .. } | Missing::Trust { suggest, .. } => {
                        suggest.first().copied()
                    }
                    _ => None,
                })
                .unwrap_or(Act::Meeting(TECH, Approach::ProbeNeeds));
            now(&mut g, next);
            rounds += 1;
        }
        let r = readiness(&g, TECH, Lang::En);
        assert!(r.ready, "still not ready after {rounds} moves: {}", r.line);
        assert_eq!(
            r.line,
            "Ready: Engineer Qian will commit as your informant if you ask."
        );
        now(&mut g, Act::Develop(TECH));
        assert_eq!(g.support(TECH), Support::Informant);
        assert_eq!(
            last_move(&g, Lang::En).as_deref(),
            Some("Develop worked: Engineer Qian is now your informant.")
        );
        assert_eq!(
            last_move(&g, Lang::Zh).as_deref(),
            Some("发展成功：钱工现在是你的内线了。")
        );
    }

    /// The coach explains a reaction in terms the player knows: pushing a cold contact for
    /// a next step backfires, a seminar puts off a Driver (named once his style is known).
    #[test]
    fn last_move_explains_a_bad_reaction() {
        let mut pushed = false;
        for seed in 0..20 {
            let mut g = at_contact(seed);
            play(
                &mut g,
                &[
                    Act::ColdCall(TECH),
                    Act::Meeting(TECH, Approach::ProposeNextStep),
                ],
            );
            let m = last_move(&g, Lang::En).expect("a last move");
            let cool = g.log().iter().any(|e| {
                matches!(
                    e.kind,
                    LogKind::Acted {
                        act: Act::Meeting(_, Approach::ProposeNextStep),
                        reaction: Some(Reaction::Cool | Reaction::Irritated),
                        ..
                    }
                )
            });
            if cool {
                assert!(
                    m.starts_with("Propose a next step backfired: Engineer Qian was"),
                    "{m}"
                );
                assert!(
                    m.contains("you pushed for a next step before Engineer Qian was warm"),
                    "{m}"
                );
                pushed = true;
            }
        }
        assert!(pushed, "no seed made the push backfire");

        // The decision maker of the water lab is a Driver: a seminar puts him off.
        let mut g = at_contact(2);
        play(
            &mut g,
            &[
                Act::ColdCall(TECH),
                Act::ColdCall(DM),
                Act::Advance,
                Act::EndWeek,
            ],
        );
        play(&mut g, &[Act::Seminar(DM)]);
        let m = last_move(&g, Lang::En).expect("a last move");
        assert!(
            m.starts_with("Technical seminar backfired: Mr Zhao was"),
            "{m}"
        );
        assert!(m.contains("learn Mr Zhao's style"), "{m}");
        assert!(!m.contains("Driver"), "names an unlearned style: {m}");
        play(
            &mut g,
            &[
                Act::Believe(Fact::Style(DM), Some(Value::Style(Style::Driver))),
                Act::EndWeek,
            ],
        );
        play(&mut g, &[Act::Seminar(DM)]);
        let m = last_move(&g, Lang::En).expect("a last move");
        assert!(m.contains("puts off someone of the Driver style"), "{m}");
        // A map note is no move: the coach still speaks of the seminar.
        play(&mut g, &[Act::Believe(Fact::Need(DM), None)]);
        assert_eq!(last_move(&g, Lang::En).as_deref(), Some(m.as_str()));
        play(&mut g, &[Act::EndWeek]);
        assert_eq!(last_move(&g, Lang::En), None);
    }

    /// Introductions are offered as soon as the engine takes them: none before anyone
    /// likes us, then every uncontacted person through the warm contact.
    #[test]
    fn introductions_open_as_soon_as_the_engine_takes_them() {
        let mut g = at_contact(4);
        play(&mut g, &[Act::ColdCall(TECH)]);
        let mut warmed = 0;
        while g.true_attitude(TECH) < 10.0 {
            assert!(introductions(&g).is_empty());
            now(&mut g, Act::Meeting(TECH, Approach::Fabe));
            warmed += 1;
            assert!(warmed < 20);
        }
        let offered = introductions(&g);
        assert!(offered.contains(&(TECH, DM)), "{offered:?}");
        let legal: Vec<(P, P)> = g
            .legal_actions()
            .into_iter()
            .filter_map(|a| match a {
                Act::Introduction { from, to } => Some((from, to)),
                _ => None,
            })
            .collect();
        let mut sorted = offered.clone();
        sorted.sort();
        let mut legal_sorted = legal;
        legal_sorted.sort();
        assert_eq!(sorted, legal_sorted);
        now(&mut g, Act::Introduction { from: TECH, to: DM });
        assert!(!introductions(&g).iter().any(|&(_, to)| to == DM));
        assert_eq!(
            last_move(&g, Lang::En).as_deref(),
            Some(
                "Engineer Qian introduced you to Mr Zhao: a first contact that starts with some trust."
            )
        );
    }

    /// One cold call is one cold call, also after an endorsement (which the engine's
    /// repetition counter books as a cold call with every member it reached).
    #[test]
    fn counts_are_per_action_kind_and_person() {
        let mut g = at_contact(0);
        play(&mut g, &[Act::ColdCall(TECH), Act::Advance]);
        play(&mut g, &[Act::Endorsement]);
        assert_eq!(
            g.times_used(TECH, &Act::ColdCall(TECH)),
            2,
            "the engine's counter"
        );
        assert_eq!(times_done(&g, &Act::ColdCall(TECH)), 1);
        play(
            &mut g,
            &[
                Act::Meeting(TECH, Approach::Rapport),
                Act::Meeting(TECH, Approach::Rapport),
            ],
        );
        assert_eq!(
            uses(&g, TECH),
            vec![("cold_call", 1), ("meeting_rapport", 2)]
        );
        assert_eq!(times_done(&g, &Act::Meeting(TECH, Approach::Fabe)), 0);
        assert!(uses(&g, DM).is_empty());
    }

    /// The feed groups what repeats: one endorsement is one line with the members it
    /// reached; two failed develop steps in a week are one line ×2; newest first.
    #[test]
    fn intel_groups_repeated_lines() {
        let mut g = at_contact(5);
        play(
            &mut g,
            &[
                Act::ColdCall(TECH),
                Act::ColdCall(DM),
                Act::ColdCall(PROC),
                Act::Advance,
            ],
        );
        play(&mut g, &[Act::EndWeek, Act::Endorsement]);
        let feed = intel(&g, Lang::En, 2);
        let endorsement: Vec<&IntelLine> = feed
            .iter()
            .filter(|l| l.text.starts_with("Authority endorsement"))
            .collect();
        assert_eq!(endorsement.len(), 1, "{feed:#?}");
        assert!(
            endorsement[0].text.contains(": 3 member(s) heard of it ("),
            "{}",
            endorsement[0].text
        );
        assert_eq!(feed[0].text, endorsement[0].text, "newest first");
        assert!(
            last_move(&g, Lang::En)
                .unwrap()
                .contains("reached 3 committee member(s)")
        );

        play(&mut g, &[Act::Develop(PROC), Act::Develop(PROC)]);
        let feed = intel(&g, Lang::En, 1);
        let not_ready = feed
            .iter()
            .find(|l| l.text == "Manager Zheng is not ready to commit to us yet")
            .expect("not-ready line");
        assert_eq!(not_ready.count, 2);
        assert_eq!(
            not_ready.display(Lang::En),
            "Manager Zheng is not ready to commit to us yet ×2"
        );
        assert_eq!(feed[0].text, not_ready.text);
        // Last week's lines are kept with weeks = 2 and dropped with weeks = 1.
        assert!(
            intel(&g, Lang::En, 2)
                .iter()
                .any(|l| l.week == g.week() - 1)
        );
        assert!(feed.iter().all(|l| l.week == g.week()));
    }

    /// The preview says when an action takes the rest of a week's days, and such an
    /// action asks for confirmation.
    #[test]
    fn cost_preview_warns_when_a_week_is_used_up() {
        let mut g = at_contact(6);
        play(&mut g, &[Act::ColdCall(TECH), Act::Advance]);
        assert_eq!(g.presales_days_left(), 3);
        assert_eq!(
            cost_preview(&g, &Act::Proposal, Lang::En),
            "1 of 4 rep days · 2 of 3 pre-sales days · CNY 5 k"
        );
        assert!(!is_costly(&g, &Act::Proposal));
        play(&mut g, &[Act::ReferenceVisit(TECH)]);
        let text = cost_preview(&g, &Act::Proposal, Lang::En);
        assert!(
            text.contains("both pre-sales days left (no other pre-sales work this week)"),
            "{text}"
        );
        assert!(is_costly(&g, &Act::Proposal));
        let zh = cost_preview(&g, &Act::Proposal, Lang::Zh);
        assert!(
            zh.contains("本周剩下的 2 个售前人日（本周再无售前支持）"),
            "{zh}"
        );
        // Ending the week with rep days unused gives them away: it asks first.
        assert!(g.rep_days_left() > 0);
        assert!(is_costly(&g, &Act::EndWeek));
        assert!(is_costly(&g, &Act::ExecutiveVisit(TECH)));
        assert!(is_costly(&g, &Act::WalkAway));
        assert!(!is_costly(&g, &Act::Meeting(TECH, Approach::Rapport)));
        assert_eq!(cost_preview(&g, &Act::EndWeek, Lang::En), "free");
        assert_eq!(
            refusal(&g, &Act::Meeting(TECH, Approach::Rapport), Lang::En),
            None
        );
        assert_eq!(
            refusal(&g, &Act::Develop(DM), Lang::En).as_deref(),
            Some("no contact yet: cold call or ask for an introduction first")
        );
    }

    fn leaks(text: &str) -> Option<String> {
        if text.contains("adv.") || text.contains('{') || text.contains('}') {
            return Some(text.to_string());
        }
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .find(|w| w.contains('_') && w.chars().any(|c| c.is_ascii_lowercase()))
            .map(|w| format!("{w} in {text}"))
    }

    /// No raw key, placeholder or snake_case word reaches the player, in either language,
    /// over whole scripted games.
    #[test]
    fn no_raw_key_leaks_in_either_language() {
        let mut checked = 0;
        for lang in [Lang::Zh, Lang::En] {
            for (scn, seed) in [(water_lab(), 1), (shipped("city_bank"), 2)] {
                let mut g = Game::new(scn, seed);
                wander(&mut g, seed, 150, |g| {
                    let mut texts = vec![report(g, lang)];
                    texts.extend(last_move(g, lang));
                    for p in 0..g.scenario().people.len() {
                        if g.is_visible(p) {
                            texts.push(readiness(g, p, lang).line);
                        }
                    }
                    for a in g.legal_actions() {
                        texts.push(cost_preview(g, &a, lang));
                    }
                    for t in texts {
                        assert_eq!(leaks(&t), None, "{lang:?}");
                        checked += 1;
                    }
                });
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
