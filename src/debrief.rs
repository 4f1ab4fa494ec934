//! The debrief: what happened and why. The truth of every person beside the player's map,
//! the sources that lied, the rank we held week by week beside the rank the player believed,
//! the turning points, the whole timeline with hidden effects, and the expert's path on the
//! same seed.

use crate::bots::{Policy, play};
use crate::i18n::{Lang, tr, trf};
use crate::sim::describe::{self, word};
use crate::sim::*;
use serde::{Deserialize, Serialize};

/// One person revealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonReveal {
    pub id: String,
    pub name: String,
    pub title: String,
    pub truth: [String; 5],
    pub believed: [String; 5],
    /// How many of the five the map had right.
    pub right: u8,
    pub attitude: i32,
    pub support: Support,
    pub offended: bool,
    pub planted_by: Option<String>,
}

/// A source that told the player something false.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WrongSource {
    pub source: String,
    pub false_reports: u32,
    pub reports: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineItem {
    pub week: u32,
    /// Whether the player saw it at the time.
    pub seen: bool,
    pub text: String,
}

/// What the expert bot did on the same seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpertPath {
    pub outcome: String,
    pub score: f64,
    pub won: bool,
    /// The people it worked on most: (name, actions).
    pub key_people: Vec<(String, u32)>,
    /// Its actions by kind: (kind, count), most used first.
    pub actions: Vec<(String, u32)>,
    /// Its path week by week: each move in words with the reason the method gives for it.
    #[serde(default)]
    pub weeks: Vec<(u32, Vec<String>)>,
}

/// Which of the five types of sales rep (DOMAIN.md §6) the player's actions resemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepType {
    /// Pitches the product (presentations, seminars, demos) without asking first.
    SelfAppointedAuthority,
    /// Wins, or tries to, on price.
    LowPricePusher,
    /// Meals, gifts and rapport: liked, but nobody stakes himself.
    Relationship,
    /// Waits for the tender and answers it.
    Passive,
    /// Asks, listens, builds insiders, shapes the terms: sells value.
    ProblemSolver,
}

impl RepType {
    pub fn key(self) -> String {
        format!("rep.{}", describe::snake(self))
    }
}

/// How a belief on the account map compares with the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Right, and backed by evidence the player gathered.
    Right,
    /// Wrong.
    Wrong,
    /// Right, but typed without evidence: it counts nothing.
    Guess,
    /// Nothing on the map.
    Unknown,
}

impl Verdict {
    pub fn of(s: crate::sim::method::BeliefStatus) -> Verdict {
        use crate::sim::method::BeliefStatus as B;
        match s {
            B::Right => Verdict::Right,
            B::Wrong => Verdict::Wrong,
            B::Guess => Verdict::Guess,
            B::Empty => Verdict::Unknown,
        }
    }
    /// The verdict in words.
    pub fn text(self, lang: Lang) -> String {
        word(lang, "verdict", self)
    }
}

/// One kind of key information: the truth, the player's belief, the evidence he had.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyInfoReveal {
    pub kind: String,
    pub truth: String,
    pub believed: String,
    /// What the evidence favoured when the game ended, in words (or that there was none).
    pub evidence: String,
    pub verdict: Verdict,
    pub verdict_text: String,
}

/// One evaluator's view of one vendor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorMark {
    pub vendor: String,
    /// His attitude to the vendor, whole points (experts: 0).
    pub attitude: i32,
    pub technical: f64,
    pub business: f64,
}

/// One seat (or the outside experts together) on the evaluation committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluatorReveal {
    /// His name and title, or "outside experts × n".
    pub name: String,
    pub expert: bool,
    pub seats: u32,
    /// Whether the player ever met him (experts: never).
    pub met: bool,
    pub marks: Vec<VendorMark>,
}

/// One vendor's result: the scores that decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorResult {
    pub vendor: String,
    pub price: String,
    pub technical: f64,
    pub business: f64,
    pub price_score: f64,
    pub total: f64,
    /// Why the bid was rejected, in words, if it was.
    pub rejected: Option<String>,
    pub winner: bool,
}

impl VendorResult {
    /// The vendor's result in one line: its bid, the scores, the total, and whether it was
    /// rejected or won.
    pub fn line(&self, lang: Lang) -> String {
        let mut x = trf(
            lang,
            "truth.result_line",
            &[
                ("vendor", &self.vendor),
                ("price", &self.price),
                ("tech", &format!("{:.1}", self.technical)),
                ("business", &format!("{:.1}", self.business)),
                ("price_score", &format!("{:.1}", self.price_score)),
                ("total", &format!("{:.1}", self.total)),
            ],
        );
        if let Some(why) = &self.rejected {
            x.push_str(&trf(lang, "truth.rejected", &[("why", why)]));
        }
        if self.winner {
            x.push_str(tr(lang, "truth.winner"));
        }
        x
    }
}

/// What the tender screen promised the debrief would reveal: the budget, the five kinds of
/// key information, the specification, and each evaluator's attitude and scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TruthReveal {
    /// The true budget and the player's figure (万元), and the line saying both.
    pub budget: i64,
    pub budget_believed: Option<u32>,
    pub budget_text: String,
    pub key_info: Vec<KeyInfoReveal>,
    /// Spec points per vendor (how far the terms lean its way), ours first.
    pub spec: Vec<(String, i32)>,
    /// Whose product the terms were written around, and how far they lean, in words.
    pub spec_text: String,
    /// The committee seat by seat, when bids were opened (empty when they never were).
    pub evaluators: Vec<EvaluatorReveal>,
    pub results: Vec<VendorResult>,
    /// Key people for us in words (see [`crate::judge::key_people_for_us`]).
    pub key_people_text: String,
    /// Whether the decision maker favours us (truth) and whether the map believed so.
    pub dm_favours_us: bool,
    pub dm_believed: Option<bool>,
    pub dm_text: String,
}

/// The whole debrief, in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    pub lang: Lang,
    pub scenario: String,
    pub title: String,
    pub seed: u64,
    pub outcome: Outcome,
    pub outcome_text: String,
    pub score: Scorecard,
    pub gates: Vec<GateRecord>,
    pub people: Vec<PersonReveal>,
    pub wrong_sources: Vec<WrongSource>,
    pub ranks: Vec<WeekRecord>,
    pub turning_points: Vec<TimelineItem>,
    pub timeline: Vec<TimelineItem>,
    pub expert: Option<ExpertPath>,
    /// Why it ended this way, in a trainee's words: each consequence of the play and its
    /// in-world cause.
    pub why: Vec<String>,
    /// "Next time": up to three lessons drawn from this player's own moves, each pointing
    /// at the week and the move.
    pub next_time: Vec<String>,
    /// The rep type the player's actions resemble, and the evidence for it.
    pub rep_type: RepType,
    pub rep_evidence: Vec<String>,
    /// The hidden truth the tender screen promised: budget, key information, specification,
    /// the committee's scores.
    #[serde(default)]
    pub truth: TruthReveal,
}

impl Debrief {
    /// Build the debrief of a game; `with_expert` also plays the expert on the same seed.
    pub fn build(g: &Game, lang: Lang, with_expert: bool) -> Debrief {
        let scn = g.scenario();
        let dash = || "—".to_string();
        let mut people = Vec::new();
        for p in 0..scn.people.len() {
            let d = &scn.people[p];
            if !(g.is_active(p) || g.is_visible(p)) && d.arrives_by_event {
                continue;
            }
            let (role, circle, style, need) = g.truth_of(p);
            let b = &g.map().people[p];
            let truth = [
                word(lang, "role", role),
                word(lang, "circle", circle),
                word(lang, "style", style),
                word(lang, "need", need),
                g.true_allegiance(p)
                    .map(|v| describe::vendor(scn, v, lang))
                    .unwrap_or_else(dash),
            ];
            let believed = [
                crate::judge::believed_role(g, p)
                    .map(|x| word(lang, "role", x))
                    .unwrap_or_else(dash),
                b.circle
                    .map(|x| word(lang, "circle", x))
                    .unwrap_or_else(dash),
                b.style.map(|x| word(lang, "style", x)).unwrap_or_else(dash),
                b.need.map(|x| word(lang, "need", x)).unwrap_or_else(dash),
                b.allegiance
                    .map(|v| describe::vendor(scn, v, lang))
                    .unwrap_or_else(dash),
            ];
            // A belief with no evidence behind it counts nothing, right or not: marked a guess.
            let mut facts = Fact::of_person(p);
            // A role the map holds only as its decision maker (see `judge::believed_role`)
            // is judged as that entry.
            if g.map().decision_maker == Some(p) {
                facts[0] = Fact::Key(crate::scenario::schema::KeyInfo::Participants);
            }
            let mut believed = believed;
            for (b, f) in believed.iter_mut().zip(facts) {
                if g.belief_status(f) == crate::sim::method::BeliefStatus::Guess {
                    b.push_str(tr(lang, "debrief.guess"));
                }
            }
            let right = facts.iter().filter(|&&f| g.belief_right(f)).count() as u8;
            people.push(PersonReveal {
                id: d.id.clone(),
                name: d.name.get(lang).to_string(),
                title: d.title.get(lang).to_string(),
                truth,
                believed,
                right,
                attitude: crate::judge::attitude_shown(g.true_attitude(p)),
                support: g.support(p),
                offended: g.is_offended(p),
                planted_by: g.planted_by(p).map(|v| describe::vendor(scn, v, lang)),
            });
        }

        let mut wrong: Vec<(Source, u32, u32)> = Vec::new();
        for (i, e) in g.evidence().iter().enumerate() {
            let slot = match wrong.iter_mut().find(|w| w.0 == e.source) {
                Some(s) => s,
                None => {
                    wrong.push((e.source, 0, 0));
                    wrong.last_mut().expect("just pushed")
                }
            };
            slot.2 += 1;
            if !g.evidence_is_true(i) {
                slot.1 += 1;
            }
        }
        let wrong_sources = wrong
            .into_iter()
            .filter(|w| w.1 > 0)
            .map(|w| WrongSource {
                source: describe::source(scn, w.0, lang),
                false_reports: w.1,
                reports: w.2,
            })
            .collect();

        let timeline: Vec<TimelineItem> = g
            .log()
            .iter()
            .filter(|e| {
                !matches!(
                    &e.kind,
                    LogKind::Acted {
                        act: Act::Believe(..) | Act::EndWeek,
                        ..
                    }
                )
            })
            .map(|e| TimelineItem {
                week: e.week,
                seen: e.seen,
                text: describe::log_entry(g, e, lang, true),
            })
            .collect();

        let mut turning_points = Vec::new();
        let mut last_rank = None;
        for h in g.history() {
            if let Some(r) = last_rank
                && r != h.true_rank
            {
                let key = if h.true_rank < r {
                    "tp.rank_up"
                } else {
                    "tp.rank_down"
                };
                turning_points.push(TimelineItem {
                    week: h.week,
                    seen: false,
                    text: trf(lang, key, &[("n", &h.true_rank.to_string())]),
                });
            }
            last_rank = Some(h.true_rank);
        }
        for e in g.log() {
            let notable = matches!(
                e.kind,
                LogKind::SupporterGained(..)
                    | LogKind::Offended(_)
                    | LogKind::Bypassed(_)
                    | LogKind::Shaped(..)
                    | LogKind::TenderIssued { .. }
                    | LogKind::ViolationDiscovered(_)
                    | LogKind::Event(_)
                    | LogKind::Inject(_)
                    | LogKind::BidRejected { .. }
                    | LogKind::Evaluated { .. }
                    | LogKind::Dice { hit: true, .. }
            );
            if notable {
                turning_points.push(TimelineItem {
                    week: e.week,
                    seen: e.seen,
                    text: describe::log_entry(g, e, lang, true),
                });
            }
        }
        turning_points.sort_by_key(|t| t.week);

        let expert = with_expert.then(|| {
            let x = play(scn.clone(), g.seed(), Policy::Expert);
            let mut per_person = vec![0u32; scn.people.len()];
            let mut kinds: Vec<(String, u32)> = Vec::new();
            for a in x.actions() {
                if matches!(a, Act::Believe(..) | Act::EndWeek) {
                    continue;
                }
                if let Some(p) = a.target() {
                    per_person[p] += 1;
                }
                let k = tr(lang, &format!("kind.{}", a.kind())).to_string();
                match kinds.iter_mut().find(|e| e.0 == k) {
                    Some(e) => e.1 += 1,
                    None => kinds.push((k, 1)),
                }
            }
            kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut key: Vec<(String, u32)> = per_person
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(p, n)| (describe::person(scn, p, lang), *n))
                .collect();
            key.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            key.truncate(4);
            let mut weeks: Vec<(u32, Vec<String>)> = Vec::new();
            let mut week = 1;
            for a in x.actions() {
                match a {
                    Act::EndWeek => week += 1,
                    Act::Believe(..) => {}
                    _ => {
                        let reason = tr(lang, &format!("why_move.{}", a.kind())).to_string();
                        let line = format!("{} — {reason}", describe::act(scn, a, lang));
                        match weeks.last_mut() {
                            Some((w, moves)) if *w == week => moves.push(line),
                            _ => weeks.push((week, vec![line])),
                        }
                    }
                }
            }
            let o = x.outcome().unwrap_or(Outcome::Lost(LossReason::NoBid));
            ExpertPath {
                outcome: describe::outcome(scn, o, lang),
                score: x.scorecard().total,
                won: o.is_win(),
                key_people: key,
                actions: kinds,
                weeks,
            }
        });

        let outcome = g.outcome().unwrap_or(Outcome::Lost(LossReason::NoBid));
        let (rep_type, rep_evidence) = rep_type(g, lang);
        Debrief {
            why: why(g, lang),
            next_time: next_time(g, lang),
            rep_type,
            rep_evidence,
            lang,
            scenario: scn.id().to_string(),
            title: scn.file.title.get(lang).to_string(),
            seed: g.seed(),
            outcome,
            outcome_text: describe::outcome(scn, outcome, lang),
            score: g.scorecard(),
            gates: g.gates().to_vec(),
            people,
            wrong_sources,
            ranks: g.history().to_vec(),
            turning_points,
            timeline,
            expert,
            truth: truth(g, lang),
        }
    }

    /// The truth section of the text: budget, key information, specification, committee.
    fn truth_text(&self, s: &mut String) {
        let l = self.lang;
        let t = &self.truth;
        let colon = if l == Lang::Zh { "：" } else { ": " };
        let mut line = |x: &str| {
            s.push_str(x);
            s.push('\n');
        };
        line(&format!("-- {} --", tr(l, "truth.title")));
        line(&t.budget_text);
        line(&t.key_people_text);
        line(&t.dm_text);
        line(&format!("{}{}", tr(l, "truth.key_info"), colon.trim_end()));
        for k in &t.key_info {
            line(&trf(
                l,
                "truth.key_info_line",
                &[
                    ("kind", &k.kind),
                    ("truth", &k.truth),
                    ("believed", &k.believed),
                    ("evidence", &k.evidence),
                    ("verdict", &k.verdict_text),
                ],
            ));
        }
        line(&format!("{}{colon}{}", tr(l, "truth.spec"), t.spec_text));
        let points: Vec<String> = t.spec.iter().map(|(v, n)| format!("{v} {n}")).collect();
        line(&format!("  {}", points.join(describe::list_separator(l))));
        if t.evaluators.is_empty() {
            line(&format!(
                "{}{colon}{}",
                tr(l, "truth.committee"),
                tr(l, "truth.no_evaluation")
            ));
            return;
        }
        line(&format!("{}{}", tr(l, "truth.committee"), colon.trim_end()));
        line(&format!("  {}", tr(l, "truth.committee_legend")));
        for e in &t.evaluators {
            let mut head = format!("  {}", e.name);
            if !e.expert && !e.met {
                head.push_str(tr(l, "truth.never_met"));
            }
            line(&head);
            for m in &e.marks {
                let att = if e.expert {
                    tr(l, "truth.neutral").to_string()
                } else {
                    format!("{:+}", m.attitude)
                };
                line(&format!(
                    "    {:<12} {}  {:>5.1}  {:>5.1}",
                    m.vendor, att, m.technical, m.business
                ));
            }
        }
        line(&format!("{}{}", tr(l, "truth.results"), colon.trim_end()));
        for r in &t.results {
            line(&format!("  {}", r.line(l)));
        }
    }

    /// The debrief as plain text (the CLI's output and the printable form).
    pub fn to_text(&self) -> String {
        let l = self.lang;
        let mut s = String::new();
        let line = |s: &mut String, t: &str| {
            s.push_str(t);
            s.push('\n');
        };
        line(
            &mut s,
            &format!("== {} — {} ==", tr(l, "debrief.title"), self.title),
        );
        line(
            &mut s,
            &format!(
                "{}: {}   {}: {}",
                tr(l, "debrief.scenario"),
                self.scenario,
                tr(l, "debrief.seed"),
                self.seed
            ),
        );
        line(
            &mut s,
            &format!("{}: {}", tr(l, "debrief.outcome"), self.outcome_text),
        );
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.why")));
        for w in &self.why {
            line(&mut s, &format!("- {w}"));
        }
        if !self.next_time.is_empty() {
            line(&mut s, &format!("-- {} --", tr(l, "debrief.next_time")));
            for (i, n) in self.next_time.iter().enumerate() {
                line(&mut s, &format!("{}. {n}", i + 1));
            }
        }
        line(
            &mut s,
            &format!(
                "{}: {}",
                tr(l, "debrief.rep_type"),
                tr(l, &self.rep_type.key())
            ),
        );
        for e in &self.rep_evidence {
            line(&mut s, &format!("  {e}"));
        }
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.scorecard")));
        for c in &self.score.components {
            let ev: Vec<String> = c
                .evidence
                .iter()
                .map(|(k, v)| format!("{} {}", tr(l, k), describe::evidence_value(l, v)))
                .collect();
            line(
                &mut s,
                &format!(
                    "{:<14} {:>6.1} × {:>3.0}%   {}",
                    tr(l, &format!("score.{}", c.id)),
                    c.points,
                    c.weight,
                    ev.join("; ")
                ),
            );
            line(
                &mut s,
                &format!(
                    "               {}",
                    tr(l, &format!("score.{}.formula", c.id))
                ),
            );
        }
        if self.score.penalty > 0.0 {
            line(
                &mut s,
                &format!("{}: −{:.0}", tr(l, "debrief.penalty"), self.score.penalty),
            );
        }
        line(
            &mut s,
            &format!(
                "{}: {:.2}   {}: {}",
                tr(l, "debrief.total"),
                self.score.total,
                tr(l, "debrief.grade"),
                self.score.grade
            ),
        );
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.gates")));
        for gr in &self.gates {
            let held = gr.checks.iter().filter(|c| c.1).count();
            line(
                &mut s,
                &format!("{} ({}/{}):", tr(l, gr.stage.key()), held, gr.checks.len()),
            );
            for (c, ok) in &gr.checks {
                line(
                    &mut s,
                    &format!("  [{}] {}", if *ok { "x" } else { " " }, tr(l, &c.key())),
                );
            }
        }
        line(&mut s, "");
        self.truth_text(&mut s);
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.people")));
        for p in &self.people {
            let (open, close) = if l == Lang::Zh {
                ("（", "）")
            } else {
                (" (", ")")
            };
            let mut head = format!(
                "{}{open}{}{close} {} {:+}",
                p.name,
                p.title,
                tr(l, "debrief.attitude"),
                p.attitude
            );
            if p.support != Support::None {
                head.push_str(&format!(" · {}", word(l, "support", p.support)));
            }
            if let Some(v) = &p.planted_by {
                head.push_str(&format!(
                    " · {}",
                    trf(l, "debrief.planted", &[("vendor", v)])
                ));
            }
            line(&mut s, &head);
            line(
                &mut s,
                &format!("  {:<6} {}", tr(l, "debrief.truth"), p.truth.join(" / ")),
            );
            line(
                &mut s,
                &format!(
                    "  {:<6} {}  ({}/5)",
                    tr(l, "debrief.believed"),
                    p.believed.join(" / "),
                    p.right
                ),
            );
        }
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.informants")));
        if self.wrong_sources.is_empty() {
            line(&mut s, tr(l, "debrief.none"));
        }
        for w in &self.wrong_sources {
            line(
                &mut s,
                &trf(
                    l,
                    "debrief.informant_line",
                    &[
                        ("who", &w.source),
                        ("wrong", &w.false_reports.to_string()),
                        ("total", &w.reports.to_string()),
                    ],
                ),
            );
        }
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.ranks")));
        line(&mut s, tr(l, "debrief.rank_legend"));
        for r in &self.ranks {
            let believed = r
                .believed_rank
                .map(|b| b.to_string())
                .unwrap_or_else(|| "?".into());
            let bar = "#".repeat(5usize.saturating_sub(r.true_rank as usize));
            line(
                &mut s,
                &format!(
                    "{:>8}  {} / {}  {}",
                    trf(l, "week.label", &[("n", &r.week.to_string())]),
                    r.true_rank,
                    believed,
                    bar
                ),
            );
        }
        line(&mut s, "");
        line(
            &mut s,
            &format!("-- {} --", tr(l, "debrief.turning_points")),
        );
        for t in &self.turning_points {
            line(
                &mut s,
                &format!(
                    "{:>8}  {}",
                    trf(l, "week.label", &[("n", &t.week.to_string())]),
                    t.text
                ),
            );
        }
        if let Some(x) = &self.expert {
            line(&mut s, "");
            line(&mut s, &format!("-- {} --", tr(l, "debrief.expert")));
            line(
                &mut s,
                &trf(
                    l,
                    "debrief.expert_line",
                    &[
                        ("outcome", &x.outcome),
                        ("score", &format!("{:.2}", x.score)),
                    ],
                ),
            );
            let people: Vec<String> = x
                .key_people
                .iter()
                .map(|(n, c)| format!("{n} ×{c}"))
                .collect();
            line(
                &mut s,
                &format!(
                    "{}: {}",
                    tr(l, "debrief.expert_people"),
                    people.join(if l == Lang::Zh { "，" } else { ", " })
                ),
            );
            let acts: Vec<String> = x.actions.iter().map(|(n, c)| format!("{n} ×{c}")).collect();
            line(
                &mut s,
                &format!(
                    "{}: {}",
                    tr(l, "debrief.expert_actions"),
                    acts.join(if l == Lang::Zh { "，" } else { ", " })
                ),
            );
            line(&mut s, &format!("{}:", tr(l, "debrief.expert_path")));
            for (w, moves) in &x.weeks {
                line(
                    &mut s,
                    &format!("{:>8}", trf(l, "week.label", &[("n", &w.to_string())])),
                );
                for m in moves {
                    line(&mut s, &format!("           {m}"));
                }
            }
        }
        line(&mut s, "");
        line(&mut s, &format!("-- {} --", tr(l, "debrief.timeline")));
        for t in &self.timeline {
            let mark = if t.seen { " " } else { "*" };
            line(
                &mut s,
                &format!(
                    "{:>8} {mark} {}",
                    trf(l, "week.label", &[("n", &t.week.to_string())]),
                    t.text
                ),
            );
        }
        s
    }
}

/// The hidden truth the tender screen promises the debrief: the budget and the player's
/// figure, the five kinds of key information (truth, belief, evidence, verdict), the
/// specification, and the committee seat by seat with the scores that decided.
pub fn truth(g: &Game, lang: Lang) -> TruthReveal {
    use crate::judge::{self, Seen};
    use crate::scenario::schema::KeyInfo;
    let scn = g.scenario();
    let dash = || "—".to_string();
    let sep = describe::list_separator(lang);
    let value = |v: Option<Value>| {
        v.map(|v| describe::value(scn, v, lang))
            .unwrap_or_else(dash)
    };
    let key_info: Vec<KeyInfoReveal> = KeyInfo::ALL
        .iter()
        .map(|&k| {
            let f = Fact::Key(k);
            let verdict = Verdict::of(g.belief_status(f));
            let evidence = match g.summary(f) {
                Some(s) => trf(
                    lang,
                    if s.conflict {
                        "truth.evidence_conflict"
                    } else {
                        "truth.evidence"
                    },
                    &[
                        ("value", &describe::value(scn, s.best, lang)),
                        ("n", &s.sources.to_string()),
                    ],
                ),
                None => tr(lang, "truth.no_evidence").to_string(),
            };
            KeyInfoReveal {
                kind: word(lang, "ki", k),
                truth: value(g.truth(f)),
                believed: value(g.map().get(f)),
                evidence,
                verdict,
                verdict_text: verdict.text(lang),
            }
        })
        .collect();

    let budget = g.true_budget();
    let budget_believed = g.map().budget;
    let budget_text = trf(
        lang,
        "truth.budget",
        &[
            ("truth", &describe::money(lang, budget as f64)),
            (
                "believed",
                &budget_believed
                    .map(|b| describe::money(lang, b as f64))
                    .unwrap_or_else(|| tr(lang, "truth.not_on_map").to_string()),
            ),
            (
                "verdict",
                &Verdict::of(g.belief_status(Fact::Key(KeyInfo::Budget))).text(lang),
            ),
        ],
    );

    let n = scn.vendors();
    let spec: Vec<(String, i32)> = (0..n)
        .map(|v| (describe::vendor(scn, v, lang), g.spec(v)))
        .collect();
    let lead = (0..n).max_by_key(|&v| (g.spec(v), std::cmp::Reverse(v)));
    let spec_text = match lead {
        Some(v) if g.spec(v) > 0 => {
            let runner = (0..n)
                .filter(|&u| u != v)
                .map(|u| g.spec(u))
                .max()
                .unwrap_or(0);
            trf(
                lang,
                if v == US {
                    "truth.spec_ours"
                } else {
                    "truth.spec_theirs"
                },
                &[
                    ("vendor", &describe::vendor(scn, v, lang)),
                    ("n", &g.spec(v).to_string()),
                    ("lead", &(g.spec(v) - runner).to_string()),
                    ("ours", &g.spec(US).to_string()),
                ],
            )
        }
        _ => tr(lang, "truth.spec_generic").to_string(),
    };

    let evaluators: Vec<EvaluatorReveal> = g
        .committee_record()
        .iter()
        .map(|m| {
            let marks = (0..n)
                .map(|v| VendorMark {
                    vendor: describe::vendor(scn, v, lang),
                    attitude: judge::attitude_shown(m.attitude.get(v).copied().unwrap_or(0.0)),
                    technical: m.technical.get(v).copied().unwrap_or(0.0),
                    business: m.business.get(v).copied().unwrap_or(0.0),
                })
                .collect();
            match m.member {
                Some(p) => EvaluatorReveal {
                    name: describe::person(scn, p, lang),
                    expert: false,
                    seats: m.seats,
                    met: g.is_contacted(p),
                    marks,
                },
                None => EvaluatorReveal {
                    name: trf(lang, "truth.experts", &[("n", &m.seats.to_string())]),
                    expert: true,
                    seats: m.seats,
                    met: false,
                    marks,
                },
            }
        })
        .collect();
    let best = g
        .evaluation()
        .iter()
        .filter(|s| s.rejected.is_none())
        .max_by(|a, b| a.total.total_cmp(&b.total).then(b.price.cmp(&a.price)))
        .map(|s| s.vendor);
    let results = g
        .evaluation()
        .iter()
        .map(|s| VendorResult {
            vendor: describe::vendor(scn, s.vendor, lang),
            price: if s.price == 0 {
                dash()
            } else {
                describe::money(lang, s.price as f64)
            },
            technical: s.technical,
            business: s.business,
            price_score: s.price_score,
            total: s.total,
            rejected: s.rejected.map(|r| describe::loss(scn, r, lang)),
            winner: best == Some(s.vendor),
        })
        .collect();

    let (kp, of) = judge::key_people_for_us(g);
    let key_people_text = trf(
        lang,
        "truth.key_people",
        &[("n", &kp.to_string()), ("of", &of.to_string())],
    );
    let dm_true = judge::dm_favours_us(g, Seen::True) == Some(true);
    let dm_believed = judge::dm_favours_us(g, Seen::Believed);
    let dm = g
        .true_decision_maker()
        .map(|d| describe::person_short(scn, d, lang))
        .unwrap_or_else(dash);
    let dm_text = trf(
        lang,
        "truth.dm",
        &[
            ("who", &dm),
            (
                "truth",
                tr(lang, if dm_true { "fmt.yes" } else { "fmt.no" }),
            ),
            (
                "believed",
                tr(
                    lang,
                    match dm_believed {
                        Some(true) => "fmt.yes",
                        Some(false) => "fmt.no",
                        None => "truth.not_on_map",
                    },
                ),
            ),
        ],
    );
    let _ = sep;
    TruthReveal {
        budget,
        budget_believed,
        budget_text,
        key_info,
        spec,
        spec_text,
        evaluators,
        results,
        key_people_text,
        dm_favours_us: dm_true,
        dm_believed,
        dm_text,
    }
}

/// Why the game ended as it did, in a trainee's words: the outcome's in-world cause, who
/// backed whom, what the specification was written around, the price, the stages left
/// unprepared and what followed. Reads the hidden truth (it is the debrief).
pub fn why(g: &Game, lang: Lang) -> Vec<String> {
    let scn = g.scenario();
    let vendor = |v: V| describe::vendor(scn, v, lang);
    let people = |v: V, sponsors: bool| -> Vec<String> {
        (0..scn.people.len())
            .filter(|&p| {
                g.backs(p) == Some(v) && (!sponsors || g.commitment(p, v) >= Support::Sponsor)
            })
            .map(|p| describe::person_short(scn, p, lang))
            .collect()
    };
    let sep = describe::list_separator(lang);
    let mut out = Vec::new();
    let outcome = g.outcome().unwrap_or(Outcome::Lost(LossReason::NoBid));
    let winner = g
        .evaluation()
        .iter()
        .filter(|s| s.rejected.is_none())
        .max_by(|a, b| a.total.total_cmp(&b.total))
        .map(|s| s.vendor);
    match outcome {
        Outcome::Lost(LossReason::Filler) | Outcome::Lost(LossReason::NotInvited) => {
            let key = if matches!(outcome, Outcome::Lost(LossReason::Filler)) {
                "why.filler"
            } else {
                "why.not_invited"
            };
            out.push(tr(lang, key).to_string());
            if let Some(w) = winner {
                let backers = people(w, false);
                if !backers.is_empty() {
                    out.push(trf(
                        lang,
                        "why.winner_backed",
                        &[("vendor", &vendor(w)), ("who", &backers.join(sep))],
                    ));
                }
            }
        }
        Outcome::Lost(LossReason::AbnormallyLow) => out.push(tr(lang, "why.abnormally_low").into()),
        Outcome::Lost(LossReason::NonCompliant) => out.push(tr(lang, "why.non_compliant").into()),
        Outcome::Lost(LossReason::TenderFailed) => out.push(tr(lang, "why.tender_failed").into()),
        Outcome::Lost(LossReason::OverBudget) => out.push(tr(lang, "why.over_budget").into()),
        Outcome::Lost(LossReason::NotQualified(_)) => {
            out.push(tr(lang, "why.not_qualified").into())
        }
        Outcome::Lost(LossReason::Outscored(w)) => {
            let e = g.evaluation();
            if let (Some(us), Some(them)) = (
                e.iter().find(|s| s.vendor == US),
                e.iter().find(|s| s.vendor == w),
            ) {
                out.push(trf(
                    lang,
                    "why.outscored",
                    &[
                        ("vendor", &vendor(w)),
                        ("tech_us", &format!("{:.1}", us.technical)),
                        ("tech_them", &format!("{:.1}", them.technical)),
                        ("price_us", &format!("{:.1}", us.price_score)),
                        ("price_them", &format!("{:.1}", them.price_score)),
                    ],
                ));
            }
        }
        Outcome::Won { margin, .. } if margin < 0.0 => out.push(tr(lang, "why.loss_making").into()),
        Outcome::Won { .. } => out.push(tr(lang, "why.won").into()),
        Outcome::WalkedAway { .. } => {
            let key = match g.walk_judgement() {
                Some(j) if j.blocker.is_some() && j.evidenced => "why.walked_right",
                Some(j) if j.blocker.is_some() => "why.walked_blind",
                _ => "why.walked_winnable",
            };
            let cause = g
                .walk_judgement()
                .and_then(|j| j.blocker)
                .map(|b| blocker_text(g, b, lang))
                .unwrap_or_default();
            out.push(trf(lang, key, &[("cause", &cause)]));
        }
        Outcome::Partnered { rival, .. } => {
            out.push(trf(lang, "why.partnered", &[("vendor", &vendor(rival))]))
        }
        Outcome::Disqualified { .. } | Outcome::Lost(_) => {}
    }
    // The specification: whose terms it carries.
    if g.tender_issued() || g.is_over() {
        let n = scn.vendors();
        let lead = (0..n).max_by_key(|&v| (g.spec(v), std::cmp::Reverse(v)));
        if let Some(v) = lead
            && g.spec(v) > 0
        {
            let writers: Vec<String> = g
                .log()
                .iter()
                .filter_map(|e| match e.kind {
                    LogKind::Wrote { who, vendor: w, .. } if w == v => Some(who),
                    LogKind::Shaped(who, _) if v == US => Some(who),
                    _ => None,
                })
                .fold(Vec::new(), |mut acc, p| {
                    if !acc.contains(&p) {
                        acc.push(p);
                    }
                    acc
                })
                .into_iter()
                .map(|p| describe::person_short(scn, p, lang))
                .collect();
            out.push(trf(
                lang,
                if v == US {
                    "why.spec_ours"
                } else {
                    "why.spec_theirs"
                },
                &[
                    ("vendor", &vendor(v)),
                    ("n", &g.spec(v).to_string()),
                    ("ours", &g.spec(US).to_string()),
                    (
                        "who",
                        &if writers.is_empty() {
                            "—".to_string()
                        } else {
                            writers.join(sep)
                        },
                    ),
                ],
            ));
        }
        if g.spec(US) == 0 {
            out.push(tr(lang, "why.generic_proposal").into());
        }
    }
    // Who stood behind us, and behind the others.
    let ours = people(US, true);
    if ours.is_empty() {
        out.push(tr(lang, "why.no_sponsor").into());
    } else {
        out.push(trf(lang, "why.sponsors", &[("who", &ours.join(sep))]));
    }
    // Stages left unprepared, and what followed.
    for e in g.log() {
        if let LogKind::GateSkipped { stage, unmet } = &e.kind {
            let names: Vec<String> = unmet
                .iter()
                .map(|c| tr(lang, &c.key()).to_string())
                .collect();
            // Whether the tender forced this move (the gate record of the same stage says).
            let forced = g
                .gates()
                .iter()
                .any(|r| r.stage == *stage && r.week == e.week && r.forced);
            let then = match stage {
                Stage::Qualification => "",
                _ if forced => tr(lang, "why.then_forced"),
                Stage::InitialContact => tr(lang, "why.then_pitched_early"),
                Stage::Technical => tr(lang, "why.then_price_talk"),
                _ => "",
            };
            out.push(
                trf(
                    lang,
                    "why.gate_skipped",
                    &[
                        ("week", &e.week.to_string()),
                        ("stage", tr(lang, stage.key())),
                        ("checks", &names.join(sep)),
                        ("then", then),
                    ],
                )
                .trim_end()
                .to_string(),
            );
        }
        if let LogKind::RivalCut { rival, price } = e.kind {
            out.push(trf(
                lang,
                "why.rival_cut",
                &[
                    ("week", &e.week.to_string()),
                    ("vendor", &vendor(rival)),
                    ("price", &describe::value(scn, Value::Amount(price), lang)),
                ],
            ));
        }
    }
    // Beliefs typed without evidence.
    let guesses = g.guesses();
    if guesses > 0 {
        out.push(trf(lang, "why.guesses", &[("n", &guesses.to_string())]));
    }
    out
}

/// What blocked the deal, in words.
pub fn blocker_text(g: &Game, b: Blocker, lang: Lang) -> String {
    let scn = g.scenario();
    match b {
        Blocker::RuleWeFail(i) => trf(
            lang,
            "blocker.rule",
            &[(
                "rule",
                scn.rules.get(i).map(|r| r.text.get(lang)).unwrap_or("?"),
            )],
        ),
        Blocker::SpecForRival(v) => trf(
            lang,
            "blocker.spec",
            &[("vendor", &describe::vendor(scn, v, lang))],
        ),
        Blocker::DecisionMakerSet(v) => trf(
            lang,
            "blocker.dm_set",
            &[("vendor", &describe::vendor(scn, v, lang))],
        ),
        Blocker::Rushed => tr(lang, "blocker.rushed").into(),
    }
}

/// Which rep type the player's actions resemble (DOMAIN.md §6), with the evidence: shares
/// of his actions by kind, how often he asked before he pitched, and his price against
/// the budget.
pub fn rep_type(g: &Game, lang: Lang) -> (RepType, Vec<String>) {
    let mut asking = 0u32; // probing, asking for information, where do we stand
    let mut pitching = 0u32; // FABE, seminars, demos, visits
    let mut courting = 0u32; // meals, gifts, rapport, kickbacks
    let mut building = 0u32; // developing insiders, shaping, introductions, reframing
    let mut total = 0u32;
    for a in g.actions() {
        use Approach::*;
        let bucket = match a {
            Act::Meeting(_, ProbeNeeds | AskInfo(_) | WhereDoWeStand) => &mut asking,
            Act::Meeting(_, Fabe | ProposeNextStep)
            | Act::Seminar(_)
            | Act::Demo(_)
            | Act::FactoryVisit(_)
            | Act::ReferenceVisit(_)
            | Act::ExecutiveVisit(_) => &mut pitching,
            Act::Meeting(_, Rapport) | Act::BusinessMeal(_) | Act::Gift(_) | Act::Kickback(_) => {
                &mut courting
            }
            Act::Develop(_) | Act::ShapeTender(_) | Act::Introduction { .. } | Act::Reframe(_) => {
                &mut building
            }
            _ => {
                if !matches!(a, Act::Believe(..) | Act::EndWeek | Act::Negotiate(_)) {
                    total += 1;
                }
                continue;
            }
        };
        *bucket += 1;
        total += 1;
    }
    let weeks = g.week().max(1);
    let price_share = g
        .bid()
        .map(|b| b.price as f64 / g.true_budget().max(1) as f64);
    let aimed = (asking + pitching + courting + building).max(1) as f64;
    let share = |n: u32| n as f64 / aimed;
    let pct = |n: u32| format!("{:.0}%", 100.0 * share(n));
    let kind = if price_share.is_some_and(|s| s < 0.85) && asking < 3 {
        RepType::LowPricePusher
    } else if (total as f64) < 1.5 * weeks as f64 && asking + building < 4
        || asking + pitching + courting + building < 3
    {
        // Little done, or nothing aimed at a person (paperwork only): the rep who waits.
        RepType::Passive
    } else if share(courting) >= 0.4 && building < 3 {
        RepType::Relationship
    } else if share(pitching) >= 0.4 && asking < 3 {
        RepType::SelfAppointedAuthority
    } else if asking >= 3 && building >= 2 {
        RepType::ProblemSolver
    } else if share(courting) >= share(pitching) {
        RepType::Relationship
    } else {
        RepType::SelfAppointedAuthority
    };
    let mut ev = vec![trf(
        lang,
        "rep.ev.mix",
        &[
            ("asking", &pct(asking)),
            ("pitching", &pct(pitching)),
            ("courting", &pct(courting)),
            ("building", &pct(building)),
        ],
    )];
    ev.push(trf(
        lang,
        "rep.ev.pace",
        &[("n", &total.to_string()), ("weeks", &weeks.to_string())],
    ));
    if let Some(s) = price_share {
        ev.push(trf(
            lang,
            "rep.ev.price",
            &[("pct", &format!("{:.0}%", 100.0 * s))],
        ));
    }
    (kind, ev)
}

/// Up to three lessons for next time, drawn from this player's own moves, most costly
/// first: each names the week and the move, and what the method would have done instead.
pub fn next_time(g: &Game, lang: Lang) -> Vec<String> {
    let scn = g.scenario();
    let who = |p: P| describe::person_short(scn, p, lang);
    let week = |w: u32| w.to_string();
    let mut out: Vec<String> = Vec::new();
    // Went over the technical lead's head, or offended someone who mattered.
    for e in g.log() {
        match e.kind {
            LogKind::Bypassed(p) => out.push(trf(
                lang,
                "next.bypassed",
                &[("week", &week(e.week)), ("who", &who(p))],
            )),
            LogKind::Offended(p) if g.circle(p) >= crate::scenario::schema::Circle::Political => {
                out.push(trf(
                    lang,
                    "next.offended",
                    &[("week", &week(e.week)), ("who", &who(p))],
                ))
            }
            _ => {}
        }
    }
    // Left a stage by choice with its checks unmet.
    if let Some(r) = g
        .gates()
        .iter()
        .find(|r| !r.forced && r.checks.iter().any(|c| !c.1))
    {
        let first = r.checks.iter().find(|c| !c.1).map(|c| c.0);
        out.push(trf(
            lang,
            "next.advanced_early",
            &[
                ("week", &week(r.week)),
                ("stage", tr(lang, r.stage.key())),
                (
                    "check",
                    &first
                        .map(|c| tr(lang, &c.key()).to_string())
                        .unwrap_or_default(),
                ),
            ],
        ));
    }
    // No sponsor: name the most promising person of power the player had met.
    if !g.backed_by_power(US) && !matches!(g.outcome(), Some(Outcome::WalkedAway { .. })) {
        let best = (0..scn.people.len())
            .filter(|&p| {
                g.is_contacted(p) && g.circle(p) >= crate::scenario::schema::Circle::Political
            })
            .max_by(|&a, &b| g.true_attitude(a).total_cmp(&g.true_attitude(b)));
        out.push(match best {
            Some(p) => trf(lang, "next.sponsor_from", &[("who", &who(p))]),
            None => tr(lang, "next.sponsor").to_string(),
        });
    }
    // Nobody wrote our terms.
    if g.tender_issued() && g.spec(US) == 0 {
        out.push(trf(
            lang,
            "next.shape",
            &[("week", &week(g.tender_week().saturating_sub(1)))],
        ));
    }
    // The price: over the budget, or cut while first.
    if let Some(b) = g.bid() {
        if b.price as i64 > g.true_budget() {
            out.push(tr(lang, "next.budget").to_string());
        } else if g.history().last().is_some_and(|h| h.true_rank == 1)
            && (b.price as f64) < 0.85 * g.true_budget() as f64
        {
            out.push(tr(lang, "next.hold_price").to_string());
        }
    }
    // Beliefs typed without evidence.
    let guesses = g.guesses();
    if guesses > 0 {
        out.push(tr(lang, "next.evidence").to_string());
    }
    // A walk-away without evidence, or from a winnable deal.
    if let Some(j) = g.walk_judgement() {
        match (j.blocker, j.evidenced) {
            (Some(_), false) => out.push(tr(lang, "next.walk_evidence").to_string()),
            (None, _) => out.push(trf(lang, "next.walk_winnable", &[("week", &week(j.week))])),
            _ => {}
        }
    }
    out.truncate(3);
    out
}
