//! Words for what happens: actions, log entries, values and facts in the player's language.
//! The CLI debrief and the game window both speak through these functions.

use crate::i18n::{Lang, tr, trf};
use crate::scenario::schema::KeyInfo;
use crate::sim::game::Game;
use crate::sim::model::{P, Scenario, V};
use crate::sim::types::*;

/// A stable snake_case name of an enum value, used in i18n keys.
pub fn snake<T: std::fmt::Debug>(v: T) -> String {
    let s = format!("{v:?}");
    let s = s.split(['(', ' ', '{']).next().unwrap_or("").to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `prefix.snake_value` translated.
pub fn word<T: std::fmt::Debug>(lang: Lang, prefix: &str, v: T) -> String {
    tr(lang, &format!("{prefix}.{}", snake(v))).to_string()
}

pub fn person(scn: &Scenario, p: P, lang: Lang) -> String {
    match scn.people.get(p) {
        Some(d) => match lang {
            Lang::Zh => format!("{}（{}）", d.name.get(lang), d.title.get(lang)),
            Lang::En => format!("{} ({})", d.name.get(lang), d.title.get(lang)),
        },
        None => "?".into(),
    }
}

pub fn person_short(scn: &Scenario, p: P, lang: Lang) -> String {
    scn.people
        .get(p)
        .map(|d| d.name.get(lang).to_string())
        .unwrap_or_else(|| "?".into())
}

pub fn vendor(scn: &Scenario, v: V, lang: Lang) -> String {
    if v < scn.vendors() {
        scn.vendor_name(v).get(lang).to_string()
    } else {
        "?".into()
    }
}

pub fn value(scn: &Scenario, v: Value, lang: Lang) -> String {
    match v {
        Value::Role(x) => word(lang, "role", x),
        Value::Circle(x) => word(lang, "circle", x),
        Value::Style(x) => word(lang, "style", x),
        Value::Need(x) => word(lang, "need", x),
        Value::Vendor(x) => vendor(scn, x, lang),
        Value::Person(p) => person_short(scn, p, lang),
        Value::Criterion(c) => word(lang, "criterion", c),
        Value::Amount(a) => money(lang, a as f64),
        Value::Week(w) => trf(lang, "fmt.week", &[("n", &w.to_string())]),
        Value::Rank(r) => trf(lang, "fmt.rank", &[("n", &r.to_string())]),
        Value::Yes(b) => tr(lang, if b { "fmt.yes" } else { "fmt.no" }).to_string(),
    }
}

pub fn fact(scn: &Scenario, f: Fact, lang: Lang) -> String {
    let who = |p| person_short(scn, p, lang);
    match f {
        Fact::Role(p) => trf(lang, "fact.role", &[("who", &who(p))]),
        Fact::Circle(p) => trf(lang, "fact.circle", &[("who", &who(p))]),
        Fact::Style(p) => trf(lang, "fact.style", &[("who", &who(p))]),
        Fact::Need(p) => trf(lang, "fact.need", &[("who", &who(p))]),
        Fact::Allegiance(p) => trf(lang, "fact.allegiance", &[("who", &who(p))]),
        Fact::Key(k) => word(lang, "ki", k),
        Fact::Rank => tr(lang, "fact.rank").to_string(),
        Fact::Rule(i) => scn
            .rules
            .get(i)
            .map(|r| r.text.get(lang).to_string())
            .unwrap_or_default(),
        Fact::RivalPrice(v) => trf(
            lang,
            "fact.rival_price",
            &[("vendor", &vendor(scn, v, lang))],
        ),
    }
}

pub fn source(scn: &Scenario, s: Source, lang: Lang) -> String {
    match s {
        Source::Desk => tr(lang, "source.desk").into(),
        Source::Person(p) => trf(
            lang,
            "source.person",
            &[("who", &person_short(scn, p, lang))],
        ),
        Source::Informant(p) => trf(
            lang,
            "source.informant",
            &[("who", &person_short(scn, p, lang))],
        ),
        Source::Rumour => tr(lang, "source.rumour").into(),
        Source::Tender => tr(lang, "source.tender").into(),
        Source::Published => tr(lang, "source.published").into(),
    }
}

/// An action in words: "FABE presentation to 李伟东（处长）".
pub fn act(scn: &Scenario, a: &Act, lang: Lang) -> String {
    let key = format!("act.{}", a.kind());
    let who = a.target().map(|p| person(scn, p, lang)).unwrap_or_default();
    match *a {
        Act::Introduction { from, to } => trf(
            lang,
            &key,
            &[
                ("from", &person_short(scn, from, lang)),
                ("who", &person(scn, to, lang)),
            ],
        ),
        Act::Meeting(_, Approach::AskInfo(k)) => {
            trf(lang, &key, &[("who", &who), ("info", &word(lang, "ki", k))])
        }
        Act::Partner(v) => trf(lang, &key, &[("vendor", &vendor(scn, v, lang))]),
        Act::Bid { price, emphasis } => trf(
            lang,
            &key,
            &[
                ("price", &money(lang, price as f64)),
                ("emphasis", &word(lang, "emphasis", emphasis)),
            ],
        ),
        Act::Negotiate(s) => trf(lang, &key, &[("stance", &word(lang, "stance", s))]),
        Act::Qualify(go) => tr(
            lang,
            if go {
                "act.qualify_go"
            } else {
                "act.qualify_no_go"
            },
        )
        .into(),
        Act::Believe(f, v) => trf(
            lang,
            &key,
            &[
                ("fact", &fact(scn, f, lang)),
                (
                    "value",
                    &v.map(|v| value(scn, v, lang)).unwrap_or_else(|| "—".into()),
                ),
            ],
        ),
        _ => trf(lang, &key, &[("who", &who)]),
    }
}

/// A log entry in words. `reveal` adds the hidden part (for the debrief).
pub fn log_entry(g: &Game, e: &LogEntry, lang: Lang, reveal: bool) -> String {
    let scn = g.scenario();
    let who = |p: P| person_short(scn, p, lang);
    match &e.kind {
        LogKind::Acted {
            act: a,
            reaction,
            delta,
            repeat,
        } => {
            let mut s = act(scn, a, lang);
            if let Some(r) = reaction {
                s.push_str(" — ");
                s.push_str(&word(lang, "reaction", r));
            }
            if reveal && a.target().is_some() && *delta != 0.0 {
                s.push_str(&trf(
                    lang,
                    "log.hidden_delta",
                    &[("delta", &format!("{delta:+.1}"))],
                ));
                if *repeat > 0 {
                    s.push_str(&trf(
                        lang,
                        "log.repeat",
                        &[("n", &(repeat + 1).to_string())],
                    ));
                }
            }
            s
        }
        LogKind::Spilled {
            act: a,
            who: q,
            delta,
        } => trf(
            lang,
            "log.spilled",
            &[
                ("act", &act(scn, a, lang)),
                ("who", &who(*q)),
                ("delta", &format!("{delta:+.1}")),
            ],
        ),
        LogKind::Discovered(p) => trf(lang, "log.discovered", &[("who", &person(scn, *p, lang))]),
        LogKind::Evidence(ev, ok) => {
            let mut s = trf(
                lang,
                "log.evidence",
                &[
                    ("source", &source(scn, ev.source, lang)),
                    ("fact", &fact(scn, ev.fact, lang)),
                    ("value", &value(scn, ev.value, lang)),
                    ("rel", &ev.reliability.to_string()),
                ],
            );
            if reveal && !ok {
                s.push_str(tr(lang, "log.false"));
            }
            s
        }
        LogKind::Evaded(p) => trf(lang, "log.evaded", &[("who", &who(*p))]),
        LogKind::DoesNotKnow(p) => trf(lang, "log.does_not_know", &[("who", &who(*p))]),
        LogKind::SupporterGained(p, s) => trf(
            lang,
            "log.supporter",
            &[("who", &who(*p)), ("level", &word(lang, "support", s))],
        ),
        LogKind::NotReady(p) => trf(lang, "log.not_ready", &[("who", &who(*p))]),
        LogKind::ShapeFailed(p) => trf(lang, "log.shape_failed", &[("who", &who(*p))]),
        LogKind::Shaped(p, n) => trf(
            lang,
            "log.shaped",
            &[("who", &who(*p)), ("n", &n.to_string())],
        ),
        LogKind::Bypassed(p) => trf(lang, "log.bypassed", &[("who", &who(*p))]),
        LogKind::Offended(p) => trf(lang, "log.offended", &[("who", &who(*p))]),
        LogKind::RivalCourted {
            rival,
            who: p,
            delta,
        } => trf(
            lang,
            "log.rival_courted",
            &[
                ("vendor", &vendor(scn, *rival, lang)),
                ("who", &who(*p)),
                ("delta", &format!("{delta:+.1}")),
            ],
        ),
        LogKind::RivalShaped { rival, amount } => trf(
            lang,
            "log.rival_shaped",
            &[
                ("vendor", &vendor(scn, *rival, lang)),
                ("n", &amount.to_string()),
            ],
        ),
        LogKind::Rumour { rival, who: p } => trf(
            lang,
            "log.rumour",
            &[("vendor", &vendor(scn, *rival, lang)), ("who", &who(*p))],
        ),
        LogKind::Event(i) => event_news(scn, *i, lang),
        LogKind::Inject(i) => trf(
            lang,
            "log.inject",
            &[(
                "text",
                scn.injects.get(*i).map(|x| x.text.get(lang)).unwrap_or("?"),
            )],
        ),
        LogKind::Dice {
            what,
            chance,
            roll,
            hit,
        } => trf(
            lang,
            "log.dice",
            &[
                ("what", &word(lang, "hazard", what)),
                ("chance", &format!("{:.0}%", chance * 100.0)),
                ("roll", &format!("{roll:.3}")),
                (
                    "result",
                    tr(
                        lang,
                        if *hit {
                            "log.dice_hit"
                        } else {
                            "log.dice_miss"
                        },
                    ),
                ),
            ],
        ),
        LogKind::ViolationDiscovered(h) => {
            trf(lang, "log.violation", &[("what", &word(lang, "hazard", h))])
        }
        LogKind::StageChanged(s) => trf(lang, "log.stage", &[("stage", tr(lang, s.key()))]),
        LogKind::TenderIssued { rules } => {
            let names: Vec<String> = rules
                .iter()
                .filter_map(|&i| scn.rules.get(i).map(|r| r.text.get(lang).to_string()))
                .collect();
            let list = if names.is_empty() {
                "—".to_string()
            } else {
                names.join(list_separator(lang))
            };
            trf(lang, "log.tender", &[("rules", &list)])
        }
        LogKind::BidRejected { vendor: v, reason } => trf(
            lang,
            "log.rejected",
            &[
                ("vendor", &vendor(scn, *v, lang)),
                ("reason", &loss(scn, *reason, lang)),
            ],
        ),
        LogKind::Evaluated { scores, winner } => {
            let list: Vec<String> = scores
                .iter()
                .map(|(v, s)| format!("{} {:.1}", vendor(scn, *v, lang), s))
                .collect();
            trf(
                lang,
                "log.evaluated",
                &[
                    ("scores", &list.join(", ")),
                    (
                        "winner",
                        &winner
                            .map(|w| vendor(scn, w, lang))
                            .unwrap_or_else(|| "—".into()),
                    ),
                ],
            )
        }
        LogKind::Negotiated {
            stance,
            power,
            discount,
        } => trf(
            lang,
            "log.negotiated",
            &[
                ("stance", &word(lang, "stance", stance)),
                ("power", &power.to_string()),
                ("discount", &format!("{:.1}%", discount * 100.0)),
            ],
        ),
        LogKind::Qualified(go) => tr(
            lang,
            if *go {
                "act.qualify_go"
            } else {
                "act.qualify_no_go"
            },
        )
        .into(),
        LogKind::WalkedAway => tr(lang, "act.walk_away").into(),
        LogKind::Illegal(s) => s.clone(),
        LogKind::Wrote {
            who: p,
            vendor: v,
            amount,
        } => trf(
            lang,
            "log.wrote",
            &[
                ("who", &who(*p)),
                ("vendor", &vendor(scn, *v, lang)),
                ("n", &amount.to_string()),
            ],
        ),
        LogKind::RivalCut { rival, price } => trf(
            lang,
            "log.rival_cut",
            &[
                ("vendor", &vendor(scn, *rival, lang)),
                ("price", &value(scn, Value::Amount(*price), lang)),
            ],
        ),
        LogKind::Objected { rule, upheld } => match (rule, upheld) {
            (Some(i), true) => trf(
                lang,
                "log.objection_upheld",
                &[(
                    "rule",
                    scn.rules.get(*i).map(|r| r.text.get(lang)).unwrap_or("?"),
                )],
            ),
            _ => tr(lang, "log.objection_dismissed").into(),
        },
        LogKind::Reframed(p, n) => trf(
            lang,
            "log.reframed",
            &[("who", &who(*p)), ("n", &n.to_string())],
        ),
        LogKind::PartnerOffer { rival, accepted } => trf(
            lang,
            if *accepted {
                "log.partner_accepted"
            } else {
                "log.partner_refused"
            },
            &[("vendor", &vendor(scn, *rival, lang))],
        ),
        LogKind::Rescheduled { tender, bid, cause } => {
            let cause = delay_cause(scn, *cause, lang);
            let w = |n: u32| n.to_string();
            match tender {
                Some((t0, t1)) => trf(
                    lang,
                    "log.rescheduled_both",
                    &[
                        ("t0", &w(*t0)),
                        ("t1", &w(*t1)),
                        ("b0", &w(bid.0)),
                        ("b1", &w(bid.1)),
                        ("cause", &cause),
                    ],
                ),
                None => trf(
                    lang,
                    "log.rescheduled_bid",
                    &[("b0", &w(bid.0)), ("b1", &w(bid.1)), ("cause", &cause)],
                ),
            }
        }
        LogKind::GateSkipped { stage, unmet } => {
            let names: Vec<String> = unmet
                .iter()
                .map(|c| tr(lang, &c.key()).to_string())
                .collect();
            trf(
                lang,
                "log.gate_skipped",
                &[
                    ("stage", tr(lang, stage.key())),
                    ("checks", &names.join(list_separator(lang))),
                ],
            )
        }
    }
}

/// A scenario event in words: its news, or — for an event the player is not told of — what
/// it did ("hidden event: …" with its effects), never its internal id.
pub fn event_news(scn: &Scenario, i: usize, lang: Lang) -> String {
    let Some(ev) = scn.events.get(i) else {
        return "?".into();
    };
    let news = ev.news.get(lang);
    if !news.is_empty() {
        return news.to_string();
    }
    let effects: Vec<String> = ev.effects.iter().map(|e| effect(scn, e, lang)).collect();
    trf(
        lang,
        "log.hidden_event",
        &[("effects", &effects.join(list_separator(lang)))],
    )
}

/// What an event's or inject's effect does, in words.
pub fn effect(scn: &Scenario, e: &crate::sim::model::EffectDef, lang: Lang) -> String {
    use crate::sim::model::EffectDef as E;
    let who = |p: P| person_short(scn, p, lang);
    let n = |d: i32| format!("{d:+}");
    match *e {
        E::Attitude { who: p, delta } => trf(
            lang,
            "effect.attitude",
            &[("who", &who(p)), ("delta", &n(delta))],
        ),
        E::RivalAttitude {
            who: p,
            rival,
            delta,
        } => trf(
            lang,
            "effect.rival_attitude",
            &[
                ("who", &who(p)),
                ("vendor", &vendor(scn, rival, lang)),
                ("delta", &n(delta)),
            ],
        ),
        E::Budget { delta } => trf(
            lang,
            "effect.budget",
            &[("delta", &money(lang, delta as f64))],
        ),
        E::Reshuffle { leaves, arrives } => trf(
            lang,
            "effect.reshuffle",
            &[("leaves", &who(leaves)), ("arrives", &who(arrives))],
        ),
        E::RivalShapes { rival, amount } => trf(
            lang,
            "effect.rival_shapes",
            &[
                ("vendor", &vendor(scn, rival, lang)),
                ("n", &amount.to_string()),
            ],
        ),
        E::Delay { weeks } => trf(lang, "effect.delay", &[("n", &weeks.to_string())]),
    }
}

/// Why the schedule moved, in words: the event's news (or what it did), the inject's text,
/// or our upheld objection.
pub fn delay_cause(scn: &Scenario, c: DelayCause, lang: Lang) -> String {
    match c {
        DelayCause::Event(i) => {
            let news = scn.events.get(i).map(|e| e.news.get(lang)).unwrap_or("");
            if news.is_empty() {
                tr(lang, "delay.customer_process").to_string()
            } else {
                news.to_string()
            }
        }
        DelayCause::Inject(i) => scn
            .injects
            .get(i)
            .map(|x| x.text.get(lang).to_string())
            .unwrap_or_else(|| "?".into()),
        DelayCause::Objection => tr(lang, "delay.objection").to_string(),
    }
}

pub fn loss(scn: &Scenario, r: LossReason, lang: Lang) -> String {
    match r {
        LossReason::NotQualified(i) => trf(
            lang,
            "loss.not_qualified",
            &[(
                "rule",
                scn.rules.get(i).map(|r| r.text.get(lang)).unwrap_or("?"),
            )],
        ),
        LossReason::Outscored(v) => {
            trf(lang, "loss.outscored", &[("vendor", &vendor(scn, v, lang))])
        }
        other => word(lang, "loss", other),
    }
}

pub fn outcome(scn: &Scenario, o: Outcome, lang: Lang) -> String {
    match o {
        Outcome::Won { price, margin } => trf(
            lang,
            "outcome.won_detail",
            &[
                ("price", &money(lang, price as f64)),
                ("margin", &format!("{:.0}%", margin * 100.0)),
            ],
        ),
        Outcome::Lost(r) => trf(
            lang,
            "outcome.lost_detail",
            &[("reason", &loss(scn, r, lang))],
        ),
        Outcome::WalkedAway { week } => {
            trf(lang, "outcome.walked_detail", &[("n", &week.to_string())])
        }
        Outcome::Disqualified { week } => trf(
            lang,
            "outcome.disqualified_detail",
            &[("n", &week.to_string())],
        ),
        Outcome::Partnered {
            rival,
            price,
            margin,
        } => trf(
            lang,
            "outcome.partnered_detail",
            &[
                ("vendor", &vendor(scn, rival, lang)),
                ("price", &money(lang, price as f64)),
                ("margin", &format!("{:.0}%", margin * 100.0)),
            ],
        ),
    }
}

/// An amount of money given in 万元 (10,000 CNY), in the reader's words: Chinese keeps the
/// unit of the trade, "252 万元" (one decimal when there is a fraction: "3.5 万元");
/// English counts in yuan, "CNY 2.52 M" from 100 万 (one million) up, "CNY 35 k" below
/// (at most three decimals of a million, one of a thousand, trailing zeros dropped).
pub fn money(lang: Lang, wan: f64) -> String {
    if !wan.is_finite() {
        return "—".into();
    }
    // Trim "2.500" to "2.5" and "3.0" to "3".
    let trim = |x: f64, places: usize| {
        let s = format!("{x:.places$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        if s == "-0" { "0".to_string() } else { s }
    };
    let sign = if wan < 0.0 && trim(wan.abs(), 1) != "0" {
        "-"
    } else {
        ""
    };
    let a = wan.abs();
    match lang {
        Lang::Zh => format!("{sign}{} 万元", trim(a, 1)),
        Lang::En if trim(a, 1) == "0" => "CNY 0".to_string(),
        Lang::En if a >= 100.0 => format!("{sign}CNY {} M", trim(a / 100.0, 3)),
        Lang::En => format!("{sign}CNY {} k", trim(a * 10.0, 1)),
    }
}

/// A scorecard evidence value in words. The scorecard keeps plain values for the exports
/// ("right", "false", a locale key such as `can_win.winnable`, a number); readers see them
/// translated.
pub fn evidence_value(lang: Lang, v: &str) -> String {
    match v {
        "right" => tr(lang, "verdict.right").to_string(),
        "wrong" => tr(lang, "verdict.wrong").to_string(),
        "true" => tr(lang, "fmt.yes").to_string(),
        "false" => tr(lang, "fmt.no").to_string(),
        other => tr(lang, other).to_string(),
    }
}

/// What separates the items of a list of clauses in running text: a full-width semicolon in
/// Chinese, "; " in English.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    }
}

/// The key-information kinds, for UIs that list them.
pub const KEY_INFO: [KeyInfo; 5] = KeyInfo::ALL;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bots::{Policy, play};
    use std::sync::Arc;

    /// Amounts read naturally in each language: 万元 in Chinese, yuan in English.
    #[test]
    fn money_reads_in_each_language() {
        assert_eq!(money(Lang::Zh, 252.0), "252 万元");
        assert_eq!(money(Lang::Zh, 252.5), "252.5 万元");
        assert_eq!(money(Lang::Zh, 3.26), "3.3 万元");
        assert_eq!(money(Lang::En, 252.0), "CNY 2.52 M");
        assert_eq!(money(Lang::En, 250.0), "CNY 2.5 M");
        assert_eq!(money(Lang::En, 1000.0), "CNY 10 M");
        assert_eq!(money(Lang::En, 100.0), "CNY 1 M");
        assert_eq!(money(Lang::En, 99.9), "CNY 999 k");
        assert_eq!(money(Lang::En, 3.5), "CNY 35 k");
        assert_eq!(money(Lang::En, 0.0), "CNY 0");
        assert_eq!(money(Lang::Zh, 0.0), "0 万元");
        assert_eq!(money(Lang::En, -200.0), "-CNY 2 M");
        assert_eq!(money(Lang::En, f64::NAN), "—");
        for x in [0.0, 3.5, 35.0, 252.0, 4800.0] {
            assert!(!money(Lang::En, x).contains('万'), "{x}");
        }
    }

    /// The intel line announcing the tender lists its rules with the reader's punctuation.
    #[test]
    fn tender_rules_are_listed_with_each_language_s_separator() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/gov_platform.ron");
        let l = crate::scenario::load_path(&path).expect("valid");
        let scn = Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"));
        let g = play(scn, 1, Policy::Expert);
        let e = g
            .log()
            .iter()
            .find(|e| matches!(&e.kind, LogKind::TenderIssued { rules } if rules.len() >= 2))
            .expect("the tender of gov_platform has several rules");
        let en = log_entry(&g, e, Lang::En, false);
        let zh = log_entry(&g, e, Lang::Zh, false);
        assert!(en.contains("; ") && !en.contains('；'), "{en}");
        assert!(zh.contains('；') && !zh.contains("; "), "{zh}");
    }
}
