//! The facilitator's controls page: the room's status, the week and its countdown, each
//! team's week, stage and state with its rejoin code, and buttons for every control (start,
//! pause, resume, extend, end the week, fire an inject, lock, reveal, export).
//!
//! The page itself holds no secret and no room data: it is a shell served only to the
//! facilitator's own machine (a loopback peer and a loopback `Host`). Its script takes the
//! facilitator's token from the address's fragment (`/facilitator#token=…`, printed by
//! `room serve`; a fragment is never sent to a server nor in a `Referer`), keeps it in the
//! tab's `sessionStorage`, removes it from the address bar, and sends it as
//! `Authorization: Bearer` with every request to `/api/control/…`, which is where the data
//! and the controls are. Team names and inject texts are written with `textContent` only.

use super::ApiError;
use super::state::{Room, Status};
use crate::i18n::{Lang, tr};
use crate::report::{self, Templates};
use crate::sim::Stage;
use serde::Serialize;
use std::net::IpAddr;

/// The page's template file name.
pub const TEMPLATE: &str = "facilitator.html";
const SOURCE: &str = include_str!("../../assets/room/facilitator.html");

/// The page's path on the room.
pub const PATH: &str = "/facilitator";

/// Minutes the page's extend buttons add.
pub const EXTEND_MINUTES: [u64; 3] = [1, 2, 5];

/// The address a facilitator opens on the room's machine: the page, with the token in the
/// fragment (`host` is the loopback address and port the room answers on).
pub fn url(host: &str, token: &str) -> String {
    format!("http://{host}{PATH}#token={token}")
}

/// Whether a `Host` header names this machine's loopback address (`localhost`, `127.x.y.z`,
/// `[::1]`), whatever the port (the server checks the port separately).
pub fn host_is_loopback(host: &str) -> bool {
    let h = match host.rsplit_once(':') {
        Some((h, p))
            if p.bytes().all(|b| b.is_ascii_digit()) && (!h.contains(':') || h.ends_with(']')) =>
        {
            h
        }
        _ => host,
    };
    let h = h.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
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
    labels: String,
    poll_ms: u64,
    extends: Vec<u64>,
}

/// The texts the page's script needs, by key (a JSON object).
fn labels(lang: Lang) -> String {
    let mut m = serde_json::Map::new();
    let mut put = |k: &str, key: &str| {
        m.insert(k.into(), tr(lang, key).into());
    };
    for s in [
        Status::Lobby,
        Status::Running,
        Status::Paused,
        Status::Locked,
    ] {
        put(s.wire(), &format!("projector.status_{}", s.wire()));
    }
    for st in Stage::ALL {
        put(st.key().trim_start_matches("stage."), st.key());
    }
    for k in ["ready", "over", "playing", "week", "no_teams"] {
        put(k, &format!("projector.{k}"));
    }
    for k in [
        "sending",
        "show_codes",
        "hide_codes",
        "fire",
        "no_injects",
        "none_fired",
        "confirm_end_week",
        "confirm_inject",
        "confirm_lock",
        "confirm_reveal",
        "need_token",
    ] {
        put(k, &format!("facil.{k}"));
    }
    for k in [
        "start", "pause", "resume", "extend", "end_week", "inject", "lock", "reveal", "export",
    ] {
        put(&format!("ok_{k}"), &format!("facil.ok.{k}"));
    }
    for k in super::Refusal::WIRES.iter().chain(&[
        "unauthorized",
        "forbidden",
        "storage",
        "rate",
        "offline",
        "other",
    ]) {
        put(&format!("err_{k}"), &format!("facil.err.{k}"));
    }
    serde_json::Value::Object(m).to_string()
}

/// The page's JSON labels, for tests.
pub fn labels_json(lang: Lang) -> serde_json::Value {
    serde_json::from_str(&labels(lang)).unwrap_or_default()
}

/// The facilitator's page in `lang`; `nonce` allows its one inline script and style sheet.
/// It carries the scenario's public title and id, never a team, a token or an inject text.
pub fn page(room: &Room, lang: Lang, nonce: &str) -> Result<String, ApiError> {
    let scn = &room.scn;
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
        labels: labels(lang),
        poll_ms: (super::projector::POLL_SECONDS * 1000.0) as u64,
        extends: EXTEND_MINUTES.to_vec(),
    };
    Templates::default()
        .with(TEMPLATE, SOURCE)
        .render(TEMPLATE, lang, view)
        .map_err(|e| ApiError::Storage(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_name_the_facilitators_machine() {
        for h in [
            "127.0.0.1:7750",
            "127.3.2.1:7750",
            "localhost:7750",
            "LOCALHOST",
            "[::1]:7750",
            "[::1]",
        ] {
            assert!(host_is_loopback(h), "{h}");
        }
        for h in [
            "192.168.1.20:7750",
            "10.0.0.1",
            "[fe80::1]:7750",
            "evil.example:7750",
            "127.0.0.1.evil.example",
            "",
        ] {
            assert!(!host_is_loopback(h), "{h}");
        }
    }

    #[test]
    fn every_label_has_a_text_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let l = labels_json(lang);
            let m = l.as_object().expect("an object");
            for (k, v) in m {
                let v = v.as_str().unwrap_or("");
                assert!(
                    !v.is_empty() && !v.starts_with("facil.") && !v.starts_with("projector."),
                    "{lang:?}: {k} has no text ({v})"
                );
            }
            for r in super::super::Refusal::WIRES {
                assert!(m.contains_key(&format!("err_{r}")), "{lang:?}: err_{r}");
            }
        }
    }
}
