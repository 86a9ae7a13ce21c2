//! `loclint rule NAME` and `loclint rule --all`.

use super::{Outcome, RuleArgs, RuleFormat};
use crate::checks;
use serde_json::json;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("unknown rule `{0}`")]
#[diagnostic(code(loclint::rule), help("`loclint rule --all` lists the rules"))]
pub struct UnknownRule(String);

pub fn run(args: &RuleArgs) -> Result<(String, Outcome), UnknownRule> {
    if args.all {
        let out = match args.format {
            RuleFormat::Json => {
                let v: Vec<_> = checks::all()
                    .iter()
                    .map(|r| {
                        let m = r.meta();
                        json!({"name": m.name, "category": m.category.as_str(), "severity": m.severity.as_str(), "fixable": m.fixable(), "fix": m.fix.as_str(), "summary": checks::doc_summary(m.doc)})
                    })
                    .collect();
                format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
            }
            RuleFormat::Text => {
                let mut s = format!(
                    "{:<26} {:<12} {:<8} {}\n",
                    "RULE", "CATEGORY", "SEVERITY", "FIX"
                );
                for r in checks::all() {
                    let m = r.meta();
                    s.push_str(&format!(
                        "{:<26} {:<12} {:<8} {}\n",
                        m.name,
                        m.category.as_str(),
                        m.severity.as_str(),
                        m.fix.as_str()
                    ));
                }
                s
            }
        };
        return Ok((out, Outcome::Clean));
    }
    let name = args.name.as_deref().unwrap_or("");
    let rule = checks::by_name(name).ok_or_else(|| UnknownRule(name.to_string()))?;
    let m = rule.meta();
    let out = match args.format {
        RuleFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "name": m.name, "category": m.category.as_str(), "severity": m.severity.as_str(),
                "fixable": m.fixable(), "fix": m.fix.as_str(), "doc": m.doc,
            }))
            .unwrap_or_default()
        ),
        RuleFormat::Text => {
            let mut s = m.doc.trim_end().to_string();
            s.push('\n');
            s
        }
    };
    Ok((out, Outcome::Clean))
}
