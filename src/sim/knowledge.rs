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

fn same(fact: Fact, a: Value, b: Value) -> bool {
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

    /// Re-summarise one fact after new evidence about it.
    pub(crate) fn refresh_summary(&mut self, fact: Fact) {
        let Some(s) = summarise(fact, self.evidence.iter().filter(|e| e.fact == fact)) else {
            return;
        };
        match self.summaries.binary_search_by(|x| x.fact.cmp(&fact)) {
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

/// Summarise the evidence about one fact, given in the order it arrived.
fn summarise<'a>(fact: Fact, evidence: impl Iterator<Item = &'a Evidence>) -> Option<Summary> {
    {
        let mut groups: Vec<(Value, f64, Vec<Source>, u32)> = Vec::new();
        for e in evidence {
            // Later evidence about a changing fact (rank, allegiance) counts more.
            let recency = if matches!(fact, Fact::Rank | Fact::Allegiance(_)) {
                e.week as f64
            } else {
                1.0
            };
            let w = e.reliability as f64 * recency;
            match groups.iter_mut().find(|g| same(fact, g.0, e.value)) {
                Some(g) => {
                    g.1 += w;
                    if !g.2.contains(&e.source) {
                        g.2.push(e.source);
                    }
                    g.3 = g.3.max(e.week);
                }
                None => groups.push((e.value, w, vec![e.source], e.week)),
            }
        }
        let conflict = groups.len() > 1;
        let best = groups
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.3.cmp(&b.3)))?;
        Some(Summary {
            fact,
            best: best.0,
            weight: best.1,
            sources: best.2.len(),
            conflict,
        })
    }
}
