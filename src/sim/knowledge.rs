//! What the evidence says: per fact, the value the sources favour, how strongly, and whether
//! independent sources disagree. Built only from what the player has seen.

use crate::scenario::schema::KeyInfo;
use crate::sim::game::Game;
use crate::sim::types::*;

/// The evidence about one fact, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub fact: Fact,
    /// The value with the most reliability behind it.
    pub best: Value,
    /// Summed reliability behind `best`, 0..
    pub weight: f64,
    /// Independent sources that back `best`.
    pub sources: usize,
    /// Two sources disagree (for budgets: differ by more than 5%).
    pub conflict: bool,
}

pub(crate) fn same(fact: Fact, a: Value, b: Value) -> bool {
    match (fact, a, b) {
        (Fact::Key(KeyInfo::Budget), Value::Amount(x), Value::Amount(y)) => {
            (x as i64 - y as i64).abs() * 20 <= x.max(y) as i64
        }
        _ => a == b,
    }
}

impl Game {
    /// Summary of the evidence about `fact`, or None when there is none.
    pub fn summary(&self, fact: Fact) -> Option<Summary> {
        let all = &self.summaries;
        all.binary_search_by(|s| s.fact.cmp(&fact))
            .ok()
            .map(|i| all[i])
    }

    /// Re-summarise one fact after new evidence about it, at position `new` in the evidence.
    pub(crate) fn refresh_summary(&mut self, fact: Fact, new: usize) {
        let new = new as u32;
        self.next_report.resize(self.evidence.len(), u32::MAX);
        let found = self.summaries.binary_search_by(|x| x.fact.cmp(&fact));
        let first = match found {
            Ok(i) => {
                let (first, last) = self.reports[i];
                self.next_report[last as usize] = new;
                self.reports[i].1 = new;
                first
            }
            Err(i) => {
                self.reports.insert(i, (new, new));
                new
            }
        };
        let reports = Reports {
            evidence: &self.evidence,
            next: &self.next_report,
            at: first,
        };
        // There is at least the new report, so there is a summary.
        let mut groups = std::mem::take(&mut self.report_groups);
        let summary = summarise(fact, reports, &mut groups);
        self.report_groups = groups;
        let Some(s) = summary else {
            return;
        };
        match found {
            Ok(i) => self.summaries[i] = s,
            Err(i) => self.summaries.insert(i, s),
        }
    }

    /// Every fact the player holds evidence about, with its summary, in a stable order.
    pub fn summaries(&self) -> &[Summary] {
        &self.summaries
    }

    /// Facts on which independent sources disagree (shown as conflicts on the account map).
    pub fn conflicts(&self) -> Vec<Fact> {
        self.summaries
            .iter()
            .filter(|s| s.conflict)
            .map(|s| s.fact)
            .collect()
    }
}

/// The reports about one fact, in the order they arrived, following [`Game::next_report`].
#[derive(Clone)]
struct Reports<'a> {
    evidence: &'a [Evidence],
    next: &'a [u32],
    at: u32,
}

impl<'a> Iterator for Reports<'a> {
    type Item = &'a Evidence;
    fn next(&mut self) -> Option<&'a Evidence> {
        let i = self.at as usize;
        let e = self.evidence.get(i)?;
        self.at = self.next[i];
        Some(e)
    }
}

/// Summarise the evidence about one fact, given in the order it arrived.
///
/// Reports are grouped: a report joins the first group (in order of creation) whose first
/// value it matches, else starts a group. The best group has the most reliability behind
/// it (later reports of a changing fact weigh more), ties to the most recent. This runs
/// for every new piece of evidence, so it keeps its groups on the stack, and notes each
/// report's group and source in `members` (a reused buffer) to count the best group's
/// sources without grouping again.
fn summarise<'a, I>(fact: Fact, evidence: I, members: &mut Vec<(usize, Source)>) -> Option<Summary>
where
    I: Iterator<Item = &'a Evidence>,
{
    let mut groups = Groups::default();
    members.clear();
    for e in evidence {
        // Later evidence about a changing fact (rank, allegiance) counts more.
        let recency = if matches!(fact, Fact::Rank | Fact::Allegiance(_)) {
            e.week as f64
        } else {
            1.0
        };
        let w = e.reliability as f64 * recency;
        // A report's group is the first whose value it matches; groups are only added
        // after it, so that stays its group.
        let i = match groups.find(fact, e.value) {
            Some(i) => {
                let g = groups.get_mut(i);
                g.1 += w;
                g.2 = g.2.max(e.week);
                i
            }
            None => {
                groups.push((e.value, w, e.week));
                groups.len - 1
            }
        };
        members.push((i, e.source));
    }
    let mut best: Option<usize> = None;
    for i in 0..groups.len {
        let (a, b) = (groups.get(i), best.map(|b| groups.get(b)));
        // `>=`: among equals the later group wins, as `Iterator::max_by` does.
        if b.is_none_or(|b| a.1.total_cmp(&b.1).then(a.2.cmp(&b.2)).is_ge()) {
            best = Some(i);
        }
    }
    let b = best?;
    // Independent sources behind the best group: distinct sources among its reports
    // (each counted at its first report).
    let sources = members
        .iter()
        .enumerate()
        .filter(|&(j, &(i, source))| {
            i == b && !members[..j].iter().any(|&(k, s)| k == b && s == source)
        })
        .count();
    let best = groups.get(b);
    Some(Summary {
        fact,
        best: best.0,
        weight: best.1,
        sources,
        conflict: groups.len > 1,
    })
}

/// Groups of agreeing reports: (first value, summed weight, latest week); the first few
/// inline, the rest (rare) on the heap.
struct Groups {
    inline: [(Value, f64, u32); 8],
    spill: Vec<(Value, f64, u32)>,
    len: usize,
}

impl Default for Groups {
    fn default() -> Self {
        Groups {
            // Filler, never read: only the first `len` groups are.
            inline: [(Value::Rank(0), 0.0, 0); 8],
            spill: Vec::new(),
            len: 0,
        }
    }
}

impl Groups {
    fn get(&self, i: usize) -> (Value, f64, u32) {
        match self.inline.get(i) {
            Some(&g) => g,
            None => self.spill[i - self.inline.len()],
        }
    }
    fn get_mut(&mut self, i: usize) -> &mut (Value, f64, u32) {
        let n = self.inline.len();
        match self.inline.get_mut(i) {
            Some(g) => g,
            None => &mut self.spill[i - n],
        }
    }
    fn push(&mut self, g: (Value, f64, u32)) {
        match self.inline.get_mut(self.len) {
            Some(slot) => *slot = g,
            None => self.spill.push(g),
        }
        self.len += 1;
    }
    /// The first group whose first value `v` matches.
    fn find(&self, fact: Fact, v: Value) -> Option<usize> {
        (0..self.len).find(|&i| same(fact, self.get(i).0, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bots::{Policy, play};
    use crate::sim::Scenario;
    use std::sync::Arc;

    /// The per-fact report lists the summaries are kept from give the same summaries as
    /// reading all the evidence again, after whole games of several policies.
    #[test]
    fn summaries_match_a_full_rereading_of_the_evidence() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        for id in ["gov_platform", "expert_reshuffle", "companion_bid"] {
            let l = crate::scenario::load_path(&dir.join(format!("{id}.ron"))).expect("valid");
            let scn = Arc::new(Scenario::compile(l.file, l.hash).expect("compiles"));
            for policy in [Policy::Expert, Policy::Random, Policy::Cheater] {
                for seed in 1..=4 {
                    let g = play(scn.clone(), seed, policy);
                    let mut facts: Vec<Fact> = g.evidence().iter().map(|e| e.fact).collect();
                    facts.sort_unstable();
                    facts.dedup();
                    assert!(!facts.is_empty(), "{id} {policy:?} {seed}: no evidence");
                    let listed: Vec<Fact> = g.summaries().iter().map(|s| s.fact).collect();
                    assert_eq!(listed, facts, "{id} {policy:?} seed {seed}");
                    for &f in &facts {
                        let all = g.evidence().iter().filter(|e| e.fact == f);
                        assert_eq!(
                            g.summary(f),
                            summarise(f, all, &mut Vec::new()),
                            "{id} {policy:?} {seed} {f:?}"
                        );
                    }
                }
            }
        }
    }
}
