//! The projector page: what the room shows on the wall. During play, the clock and each
//! team's week, stage and progress (the public `/api/progress`, no hidden truth); after the
//! reveal, the verified scoreboard, the teams side by side week by week, the facilitator
//! notes with the debrief questions, and the results as CSV. Read-only: it carries no token
//! and changes nothing. Every text from a team or a scenario is HTML-escaped by the
//! template engine; the page's script writes team names with `textContent` only.

use super::ApiError;
use super::state::{Room, Status};
use crate::i18n::{Lang, tr, trf};
use crate::replay::Replay;
use crate::report::{self, Templates};
use crate::sim::{Act, Game, Stage};
use serde::Serialize;
use serde_json::json;

/// The page's template file name.
pub const TEMPLATE: &str = "projector.html";
const SOURCE: &str = include_str!("../../assets/room/projector.html");

/// Seconds between the page's polls of `/api/progress`.
pub const POLL_SECONDS: f64 = 1.5;

#[derive(Serialize)]
struct LiveTeam {
    name: String,
    week: u32,
    stage: String,
    actions: usize,
    state: String,
    /// `ready`, `over` or `playing` (a CSS class).
    class: &'static str,
}

#[derive(Serialize)]
struct BoardRow {
    rank: Option<usize>,
    team: String,
    result: String,
    score: Option<f64>,
    grade: String,
    verified: bool,
    spark: String,
    believed: String,
}

#[derive(Serialize)]
struct WeekCell {
    met: Vec<String>,
    beliefs: usize,
    true_rank: Option<u8>,
    believed_rank: Option<u8>,
}

#[derive(Serialize)]
struct WeekRow {
    label: String,
    cells: Vec<WeekCell>,
}

#[derive(Serialize)]
struct Note {
    heading: String,
    text: String,
}

#[derive(Serialize)]
struct View {
    lang: &'static str,
    code: &'static str,
    other: &'static str,
    other_label: &'static str,
    nonce: String,
    font: bool,
    title: String,
    scenario: String,
    version: u32,
    seed: u64,
    status: &'static str,
    status_text: String,
    week_text: String,
    seconds_left: f64,
    timer: String,
    revealed: bool,
    teams: Vec<LiveTeam>,
    injects: Vec<String>,
    labels: String,
    poll_ms: u64,
    board: Vec<BoardRow>,
    board_teams: Vec<String>,
    weeks: Vec<WeekRow>,
    notes: Vec<Note>,
    questions: Vec<String>,
}

fn status_key(s: Status) -> String {
    format!("projector.status_{}", s.wire())
}

/// `m:ss` of a number of seconds (rounded up, so 0:00 means the week is over).
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).ceil() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

fn team_state(lang: Lang, ready: bool, over: bool) -> (String, &'static str) {
    if over {
        (tr(lang, "projector.over").into(), "over")
    } else if ready {
        (tr(lang, "projector.ready").into(), "ready")
    } else {
        (tr(lang, "projector.playing").into(), "playing")
    }
}

/// The texts the page's script needs, by key (a JSON object).
fn labels(lang: Lang) -> String {
    let mut m = serde_json::Map::new();
    for s in [
        Status::Lobby,
        Status::Running,
        Status::Paused,
        Status::Locked,
    ] {
        m.insert(s.wire().into(), tr(lang, &status_key(s)).into());
    }
    for st in Stage::ALL {
        m.insert(
            st.key().trim_start_matches("stage.").into(),
            tr(lang, st.key()).into(),
        );
    }
    for k in ["ready", "over", "playing", "offline", "week"] {
        m.insert(k.into(), tr(lang, &format!("projector.{k}")).into());
    }
    serde_json::Value::Object(m).to_string()
}

/// The facilitator notes in paragraphs (`【heading】text` or `[heading] text`), and the
/// debrief questions split into a list.
fn notes(text: &str) -> (Vec<Note>, Vec<String>) {
    let mut out = Vec::new();
    let mut questions = Vec::new();
    for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let (heading, body) = if let Some(rest) = para.strip_prefix('【') {
            rest.split_once('】').unwrap_or(("", rest))
        } else if let Some(rest) = para.strip_prefix('[') {
            rest.split_once(']').unwrap_or(("", rest))
        } else {
            ("", para)
        };
        let body = body.trim();
        let lower = heading.to_lowercase();
        if questions.is_empty() && (heading.contains("讨论问题") || lower.contains("question"))
        {
            // Shown as their own list, not again among the notes.
            questions = numbered(body);
            continue;
        }
        out.push(Note {
            heading: heading.to_string(),
            text: body.to_string(),
        });
    }
    (out, questions)
}

/// "1) a 2) b" or "1）a？2）b" as ["a", "b"]; the whole text when it is not numbered.
fn numbered(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = text;
    let mut n = 1;
    let find = |s: &str, n: usize| {
        [format!("{n})"), format!("{n}）")]
            .iter()
            .filter_map(|m| s.find(m.as_str()).map(|i| (i, m.len())))
            .min()
    };
    let Some((i, len)) = find(rest, n) else {
        return vec![text.to_string()];
    };
    rest = &rest[i + len..];
    loop {
        n += 1;
        match find(rest, n) {
            Some((i, len)) => {
                items.push(rest[..i].trim().to_string());
                rest = &rest[i + len..];
            }
            None => {
                items.push(rest.trim().to_string());
                break;
            }
        }
    }
    items.retain(|s| !s.is_empty());
    items
}

/// Whom a team met and how many beliefs it recorded, week by week (index 0 = week 1).
fn weeks_of(g: &Game, lang: Lang) -> Vec<(Vec<String>, usize)> {
    let scn = g.scenario();
    let mut out = vec![(Vec::new(), 0)];
    for a in g.actions() {
        match a {
            Act::EndWeek => out.push((Vec::new(), 0)),
            Act::Believe(_, Some(_)) => out.last_mut().expect("a week").1 += 1,
            _ => {
                if let Some(p) = a.target() {
                    let name = crate::sim::describe::person_short(scn, p, lang);
                    let met = &mut out.last_mut().expect("a week").0;
                    if !met.contains(&name) {
                        met.push(name);
                    }
                }
            }
        }
    }
    out
}

/// Polyline points of the believed rank per week in the 80 × 24 box of
/// [`report::spark`] (weeks without a belief are skipped).
fn believed_spark(g: &Game) -> String {
    let h = g.history();
    let n = h.len().max(2) - 1;
    let worst = report::worst_rank(h);
    h.iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.believed_rank.map(|b| {
                format!(
                    "{:.1},{:.1}",
                    2.0 + 76.0 * i as f64 / n as f64,
                    2.0 + 20.0 * (b.max(1) - 1) as f64 / (worst - 1) as f64
                )
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a finished game's replay re-simulates to the same end (as the export checks).
fn verified(room: &Room, g: &Game, name: &str) -> bool {
    let json = Replay::record(g, name, None).to_json();
    Replay::from_json(json.as_bytes())
        .and_then(|r| r.verify(room.scn.clone()).map(|_| ()))
        .is_ok()
}

/// The projector page in `lang`; `nonce` allows its one inline script and style sheet.
pub fn page(room: &Room, lang: Lang, nonce: &str) -> Result<String, ApiError> {
    let scn = &room.scn;
    let teams = room
        .teams
        .iter()
        .map(|t| {
            let (state, class) = team_state(lang, t.ready, t.game.is_over());
            LiveTeam {
                name: t.name.clone(),
                week: t.game.week(),
                stage: tr(lang, t.game.stage().key()).to_string(),
                actions: t.game.actions().len(),
                state,
                class,
            }
        })
        .collect();
    let injects = room
        .fired
        .iter()
        .map(|&(w, i)| {
            format!(
                "{} · {}",
                trf(lang, "projector.week", &[("n", &w.to_string())]),
                scn.injects[i].text.get(lang)
            )
        })
        .collect();
    let (mut board, mut board_teams, mut weeks, mut notes_v, mut questions) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if room.revealed {
        // Finished games by score, then the unfinished ones, each in joining order.
        let mut order: Vec<usize> = (0..room.teams.len()).collect();
        let score = |i: usize| {
            let g = &room.teams[i].game;
            g.is_over().then(|| g.scorecard().total)
        };
        order.sort_by(|&a, &b| match (score(a), score(b)) {
            (Some(x), Some(y)) => y.total_cmp(&x).then(a.cmp(&b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(&b),
        });
        let mut per_team = Vec::new();
        for (rank, &i) in order.iter().enumerate() {
            let t = &room.teams[i];
            let g = &t.game;
            let over = g.outcome();
            board.push(BoardRow {
                rank: over.map(|_| rank + 1),
                team: t.name.clone(),
                result: match over {
                    Some(o) => crate::sim::describe::outcome(scn, o, lang),
                    None => tr(lang, "projector.unfinished").to_string(),
                },
                score: over.map(|_| g.scorecard().total),
                grade: over
                    .map(|_| g.scorecard().grade.to_string())
                    .unwrap_or_default(),
                verified: over.is_some() && verified(room, g, &t.name),
                spark: report::spark(g),
                believed: believed_spark(g),
            });
            board_teams.push(t.name.clone());
            per_team.push((weeks_of(g, lang), g.history()));
        }
        let n = per_team
            .iter()
            .map(|(w, h)| w.len().max(h.len()))
            .max()
            .unwrap_or(0);
        for w in 0..n {
            let cells = per_team
                .iter()
                .map(|(ws, h)| {
                    let (met, beliefs) = ws.get(w).cloned().unwrap_or_default();
                    let r = h.iter().find(|r| r.week as usize == w + 1);
                    WeekCell {
                        met,
                        beliefs,
                        true_rank: r.map(|r| r.true_rank),
                        believed_rank: r.and_then(|r| r.believed_rank),
                    }
                })
                .collect();
            weeks.push(WeekRow {
                label: trf(lang, "week.label", &[("n", &(w + 1).to_string())]),
                cells,
            });
        }
        if let Some(text) = &scn.file.facilitator_notes {
            (notes_v, questions) = notes(text.get(lang));
        }
    }
    let (other, other_label) = match lang {
        Lang::Zh => ("en", "English"),
        Lang::En => ("zh", "中文"),
    };
    let view = View {
        lang: if lang == Lang::Zh { "zh-CN" } else { "en" },
        code: lang.code(),
        other,
        other_label,
        nonce: nonce.to_string(),
        font: report::font_path().is_file(),
        title: scn.file.title.get(lang).to_string(),
        scenario: scn.id().to_string(),
        version: scn.file.version,
        seed: room.seed,
        status: room.status.wire(),
        status_text: tr(lang, &status_key(room.status)).to_string(),
        week_text: trf(lang, "projector.week", &[("n", &room.week.to_string())]),
        seconds_left: room.seconds_left(),
        timer: if room.status == Status::Locked {
            "—".into()
        } else {
            clock(room.seconds_left())
        },
        revealed: room.revealed,
        teams,
        injects,
        labels: labels(lang),
        poll_ms: (POLL_SECONDS * 1000.0) as u64,
        board,
        board_teams,
        weeks,
        notes: notes_v,
        questions,
    };
    Templates::default()
        .with(TEMPLATE, SOURCE)
        .render(TEMPLATE, lang, view)
        .map_err(|e| ApiError::Storage(e.to_string()))
}

/// The results table of the finished games (`report::results_csv`), after the reveal.
pub fn results_csv(room: &Room, lang: Lang) -> Result<Vec<u8>, ApiError> {
    if !room.revealed {
        return Err(ApiError::Forbidden(
            "results are shown after the facilitator reveals them".into(),
        ));
    }
    let games: Vec<(Replay, &Game)> = room
        .teams
        .iter()
        .filter(|t| t.game.is_over())
        .map(|t| (Replay::record(&t.game, &t.name, None), &t.game))
        .collect();
    let teams: Vec<report::Team> = games
        .iter()
        .map(|(r, g)| report::Team {
            replay: r,
            game: g,
            file: String::new(),
        })
        .collect();
    report::results_csv(&teams, lang).map_err(|e| ApiError::Storage(e.to_string()))
}

/// The page's JSON labels, for tests.
pub fn labels_json(lang: Lang) -> serde_json::Value {
    serde_json::from_str(&labels(lang)).unwrap_or(json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_questions_split_in_both_languages() {
        assert_eq!(numbered("1）甲？2）乙。"), vec!["甲？", "乙。"]);
        assert_eq!(
            numbered("1) Who? 2) Why 88%? 3) How?"),
            vec!["Who?", "Why 88%?", "How?"]
        );
        assert_eq!(numbered("no list"), vec!["no list"]);
        let (n, q) = notes("【隐藏真相】甲\n【讨论问题】1）问？2）答？");
        assert_eq!(n.len(), 1, "the questions are not repeated among the notes");
        assert_eq!(n[0].heading, "隐藏真相");
        assert_eq!(q, vec!["问？", "答？"]);
    }

    #[test]
    fn the_clock_rounds_up() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(0.2), "0:01");
        assert_eq!(clock(600.0), "10:00");
    }
}
