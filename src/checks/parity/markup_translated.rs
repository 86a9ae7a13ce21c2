//! `markup-translated`: markup that must stay as written, translated:
//! admonition keywords, front-matter keys, MDX component names and props,
//! explicit heading ids.

use super::{Parity, id_is_translated, shown_heading, trimmed};
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::pairing::counterpart::MatchKind;
use std::ops::Range;

pub(crate) const DOC: &str = r#"# markup-translated

## What it does
Reports markup of a translated page that was translated along with the text:

- an admonition keyword that is not one of Docusaurus's (`note`, `tip`,
  `info`, `warning`, `danger`, `caution`, and the older `important`,
  `success`, `secondary`) nor one the site adds (`admonitions.keywords` in
  the options of a content plugin in `docusaurus.config.*`), and holds
  letters of another script (`:::정보`);
- a front-matter key written in another script that the source page does not
  have (`제목:` for `title:`);
- an MDX component name, or a `value`, `groupId`, `id`, `href`, `src` or `to`
  prop, that differs from the source's (`<TabItem value="윈도우">` where the
  source has `value="windows"`); links (`href`, `src`, `to`) only when the
  translated value holds letters of another script, since a translation may
  link to its own pages;
- an explicit heading id written in another script (`{#소개}` where the
  source has `{#introduction}`).

Components and admonitions are paired with the source's in page order when
both pages have as many; otherwise component names and props are not
compared, and a translated admonition keyword is still reported.

## Why is this bad?
Docusaurus renders an unknown admonition keyword as text (`:::정보` shows up
on the page), ignores unknown front-matter keys (the page loses its title),
breaks tab synchronisation when a `value` differs from the one `groupId`
ties across pages, and makes a translated id an anchor no link uses.

## Example
```markdown
:::정보
<Tabs groupId="os"><TabItem value="윈도우">
```

Use instead:
```markdown
:::info
<Tabs groupId="os"><TabItem value="windows">
```

## Fix safety
Safe when the source's markup at the paired place is known (the source's
keyword, key, name, value or id), or, for an admonition keyword, when the
translated keyword is in the built-in list of renderings (`정보` → `info`,
`ヒント` → `tip`, `警告` → `warning`, ...). A front-matter key with no paired
source key has no fix; an id on a heading matched only loosely is unsafe.

## Options
The severity (`[rules] markup-translated = "warning"`). The site's own
admonition keywords are read from its Docusaurus config.

## Data
The keyword renderings are listed in the rule (`KEYWORDS`); the source page
is the reference for the rest.
"#;

static META: RuleMeta = RuleMeta {
    name: "markup-translated",
    category: Category::Translation,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::with_source(Input::Original),
    repairs: false,
};

/// Docusaurus's admonition keywords (v3, with the v2 aliases it still accepts).
const ADMONITIONS: &[&str] = &[
    "note",
    "tip",
    "info",
    "warning",
    "danger",
    "caution",
    "important",
    "success",
    "secondary",
];

/// Translated admonition keywords and the keyword they stand for: the words
/// machine translation produces for each (ko, ja, zh). `注意` is left out:
/// it renders both `note` and `caution`.
const KEYWORDS: &[(&str, &str)] = &[
    ("노트", "note"),
    ("참고", "note"),
    ("메모", "note"),
    ("팁", "tip"),
    ("정보", "info"),
    ("경고", "warning"),
    ("위험", "danger"),
    ("주의", "caution"),
    ("중요", "important"),
    ("ノート", "note"),
    ("メモ", "note"),
    ("注記", "note"),
    ("ヒント", "tip"),
    ("情報", "info"),
    ("警告", "warning"),
    ("危険", "danger"),
    ("重要", "important"),
    ("笔记", "note"),
    ("备注", "note"),
    ("提示", "tip"),
    ("信息", "info"),
    ("危险", "danger"),
];

/// How far a tag's `>` may be from its name, in bytes.
const MAX_TAG: usize = 2000;

/// Props whose value is an identifier, not text.
const ID_PROPS: &[&str] = &["value", "groupId", "id"];
/// Props holding a link: a translation may point them at its own pages.
const LINK_PROPS: &[&str] = &["href", "src", "to"];

/// Front-matter keys Docusaurus knows (docs, blog and pages plugins).
const FRONT_MATTER_KEYS: &[&str] = &[
    "id",
    "title",
    "title_meta",
    "sidebar_label",
    "sidebar_position",
    "sidebar_class_name",
    "sidebar_custom_props",
    "sidebar_key",
    "displayed_sidebar",
    "hide_title",
    "hide_table_of_contents",
    "toc_min_heading_level",
    "toc_max_heading_level",
    "pagination_label",
    "pagination_next",
    "pagination_prev",
    "parse_number_prefixes",
    "custom_edit_url",
    "keywords",
    "description",
    "image",
    "slug",
    "tags",
    "draft",
    "unlisted",
    "last_update",
    "authors",
    "author",
    "author_url",
    "author_title",
    "author_image_url",
    "date",
    "wrapperClassName",
];

pub struct MarkupTranslated;

impl Rule for MarkupTranslated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(p) = Parity::new(doc, ctx) else {
            return;
        };
        let site_keywords = ctx
            .site_config
            .map_or(&[][..], |c| c.admonition_keywords.as_slice());
        admonitions(&p, site_keywords, out);
        front_matter(&p, out);
        components(&p, out);
        heading_ids(&p, out);
    }
}

fn finding(doc: &Document, range: Range<usize>, message: String) -> Diagnostic {
    Diagnostic::new(META.name, META.severity, &doc.path, range, message)
}

fn foreign(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// An admonition opener: `:::keyword`, its keyword's range.
struct Opener {
    keyword: Range<usize>,
}

/// Admonition openers outside code, in page order.
fn openers(doc: &Document) -> Vec<Opener> {
    let mut out = Vec::new();
    let mut off = 0;
    for line in doc.text.split_inclusive('\n') {
        let start = off;
        off += line.len();
        let t = line.trim_start_matches([' ', '\t', '>']);
        let lead = line.len() - t.len();
        let Some(rest) = t.strip_prefix(":::") else {
            continue;
        };
        let colons = 3 + rest.len() - rest.trim_start_matches(':').len();
        let after = &t[colons..];
        let kw_len = after
            .find(|c: char| c.is_whitespace() || c == '[' || c == '{')
            .unwrap_or(after.len());
        if kw_len == 0 || doc.in_code(start + lead) {
            continue;
        }
        let ks = start + lead + colons;
        out.push(Opener {
            keyword: ks..ks + kw_len,
        });
    }
    out
}

fn admonitions(p: &Parity<'_>, site_keywords: &[String], out: &mut Vec<Diagnostic>) {
    let (src, doc) = (p.src, p.doc);
    let s_open = openers(src);
    let t_open = openers(doc);
    let same_count = s_open.len() == t_open.len();
    let known_keyword = |k: &str| ADMONITIONS.contains(&k) || site_keywords.iter().any(|s| s == k);
    for (k, o) in t_open.iter().enumerate() {
        let kw = &doc.text[o.keyword.clone()];
        if known_keyword(kw) || !foreign(kw) {
            continue;
        }
        let from_source = same_count
            .then(|| &src.text[s_open[k].keyword.clone()])
            .filter(|s| known_keyword(s));
        let known = KEYWORDS.iter().find(|(t, _)| *t == kw).map(|(_, e)| *e);
        let mut d = finding(
            doc,
            o.keyword.clone(),
            format!("admonition keyword `{kw}` is translated; Docusaurus shows `:::{kw}` as text"),
        );
        match from_source.or(known) {
            Some(en) => {
                d = d
                    .with_help(format!(
                        "use `:::{en}`; the title after it may be translated"
                    ))
                    .with_fix(Fix::safe(
                        format!("use `{en}`"),
                        vec![Edit::replace(o.keyword.clone(), en)],
                    ));
            }
            None => {
                d = d.with_help(format!(
                    "use one of {}",
                    ADMONITIONS[..6]
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        out.push(d);
    }
}

/// The range of a front-matter key: the start of the line its value is on.
fn key_range(doc: &Document, key: &str, value_start: usize) -> Option<Range<usize>> {
    let line_start = doc.text[..value_start].rfind('\n').map_or(0, |i| i + 1);
    doc.text[line_start..]
        .starts_with(key)
        .then(|| line_start..line_start + key.len())
}

fn front_matter(p: &Parity<'_>, out: &mut Vec<Diagnostic>) {
    let (src, doc) = (p.src, p.doc);
    let Some(t_fm) = &doc.front_matter else {
        return;
    };
    let s_fields = src.front_matter.as_ref().map_or(&[][..], |f| &f.fields[..]);
    let translated: Vec<_> = t_fm
        .fields
        .iter()
        .filter(|f| {
            foreign(&f.key)
                && !FRONT_MATTER_KEYS.contains(&f.key.as_str())
                && !s_fields.iter().any(|s| s.key == f.key)
        })
        .collect();
    // The source's keys the translation lacks, in order: when there are as
    // many as translated keys, each translated key stands for one of them.
    let lacking: Vec<&String> = s_fields
        .iter()
        .map(|s| &s.key)
        .filter(|k| !t_fm.fields.iter().any(|t| &t.key == *k))
        .collect();
    let paired = lacking.len() == translated.len();
    for (k, f) in translated.iter().enumerate() {
        let Some(range) = key_range(doc, &f.key, f.value_range.start) else {
            continue;
        };
        let mut d = finding(
            doc,
            range.clone(),
            format!(
                "front-matter key `{}` is translated; Docusaurus does not know it",
                f.key
            ),
        );
        match paired.then(|| lacking[k]) {
            Some(key) => {
                d = d
                    .with_help(format!(
                        "the source has `{key}:` for it; translate only the value"
                    ))
                    .with_fix(Fix::safe(
                        format!("use `{key}`"),
                        vec![Edit::replace(range, key.clone())],
                    ));
            }
            None => {
                d = d.with_help("keep front-matter keys in English; translate only the values");
            }
        }
        out.push(d);
    }
}

/// A JSX tag of an MDX component: `<Name prop="value" ...>` or `</Name>`.
struct Tag {
    name: Range<usize>,
    closing: bool,
    /// (prop name, value range without quotes) for string-valued props.
    props: Vec<(String, Range<usize>)>,
}

/// Component tags outside code: names that start with an uppercase ASCII
/// letter or with a letter of another script (a translated name).
fn tags(doc: &Document) -> Vec<Tag> {
    let text = &doc.text;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = text[i..].find('<') {
        let at = i + p;
        i = at + 1;
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = text[name_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '{'))
            .unwrap_or(text.len() - name_start);
        let name = &text[name_start..name_start + name_len];
        let first = name.chars().next();
        let component =
            first.is_some_and(|c| c.is_ascii_uppercase() || (!c.is_ascii() && c.is_alphabetic()));
        if !component || doc.in_code(at) {
            continue;
        }
        // Props up to the closing `>`, within a few lines.
        let Some(end) = text[name_start..]
            .find('>')
            .filter(|&e| e <= MAX_TAG)
            .map(|e| name_start + e)
        else {
            continue;
        };
        let props = if closing {
            Vec::new()
        } else {
            props(text, name_start + name_len, end)
        };
        out.push(Tag {
            name: name_start..name_start + name_len,
            closing,
            props,
        });
        i = end.max(i);
    }
    out
}

fn props(text: &str, from: usize, to: usize) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let s = &text[from..to];
    let mut rest = 0;
    while let Some(eq) = s[rest..].find('=') {
        let eq = rest + eq;
        let key_end = s[..eq].trim_end().len();
        let key_start = s[..key_end]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .map_or(0, |k| k + 1);
        let key = &s[key_start..key_end];
        let after = s[eq + 1..].trim_start();
        let vstart = eq + 1 + (s[eq + 1..].len() - after.len());
        let quote = after.chars().next();
        rest = eq + 1;
        if let Some(q) = quote.filter(|q| *q == '"' || *q == '\'')
            && let Some(close) = after[1..].find(q)
        {
            let r = from + vstart + 1..from + vstart + 1 + close;
            if !key.is_empty() {
                out.push((key.to_string(), r));
            }
            rest = vstart + 1 + close + 1;
        }
    }
    out
}

fn components(p: &Parity<'_>, out: &mut Vec<Diagnostic>) {
    let (src, doc) = (p.src, p.doc);
    let s_tags = tags(src);
    let t_tags = tags(doc);
    if s_tags.len() != t_tags.len() {
        return;
    }
    for (s, t) in s_tags.iter().zip(&t_tags) {
        if s.closing != t.closing {
            return;
        }
    }
    for (s, t) in s_tags.iter().zip(&t_tags) {
        let s_name = &src.text[s.name.clone()];
        let t_name = &doc.text[t.name.clone()];
        if s_name != t_name {
            if !foreign(t_name) {
                // Not a translation: the pages use other components here.
                continue;
            }
            out.push(
                finding(
                    doc,
                    t.name.clone(),
                    format!("component name `{t_name}` is translated; the source has `{s_name}`"),
                )
                .with_fix(Fix::safe(
                    format!("use `{s_name}`"),
                    vec![Edit::replace(t.name.clone(), s_name)],
                )),
            );
            continue;
        }
        for (key, t_val) in &t.props {
            let is_id = ID_PROPS.contains(&key.as_str());
            let is_link = LINK_PROPS.contains(&key.as_str());
            if !is_id && !is_link {
                continue;
            }
            let Some((_, s_val)) = s.props.iter().find(|(k, _)| k == key) else {
                continue;
            };
            let sv = &src.text[s_val.clone()];
            let tv = &doc.text[t_val.clone()];
            if sv == tv || (is_link && !foreign(tv)) {
                continue;
            }
            out.push(
                finding(
                    doc,
                    t_val.clone(),
                    format!("`{key}` of `<{t_name}>` is `{tv}` where the source has `{sv}`"),
                )
                .with_help(if key == "value" || key == "groupId" {
                    "tabs synchronise by `groupId` and `value`: keep them as the source writes them; translate the `label`".to_string()
                } else {
                    format!("keep `{key}` as the source writes it")
                })
                .with_fix(Fix::safe(
                    format!("use `{sv}`"),
                    vec![Edit::replace(t_val.clone(), sv)],
                )),
            );
        }
    }
}

fn heading_ids(p: &Parity<'_>, out: &mut Vec<Diagnostic>) {
    let (src, doc) = (p.src, p.doc);
    for (t, h) in doc.headings.iter().enumerate() {
        let (Some(id), Some(range)) = (&h.explicit_id, &h.id_range) else {
            continue;
        };
        let range = &trimmed(&doc.text, range);
        if !id_is_translated(id) {
            continue;
        }
        let Some(c) = p.heads.of_translation[t] else {
            continue;
        };
        let sh = &src.headings[c.index];
        let (Some(sid), Some(srange)) = (&sh.explicit_id, &sh.id_range) else {
            continue;
        };
        let marker = src.text.get(srange.clone()).unwrap_or_default().trim();
        let title = format!("use the source's `{marker}`");
        let edit = Edit::replace(range.clone(), marker);
        out.push(
            finding(
                doc,
                range.clone(),
                format!("heading id `{id}` is translated; the source has `{sid}`"),
            )
            .with_help(format!(
                "links to `#{sid}` from other pages miss `{}`",
                shown_heading(doc, t)
            ))
            .with_fix(match c.by {
                MatchKind::Position { same_shape: true } | MatchKind::Slug => {
                    Fix::safe(title, vec![edit])
                }
                _ => Fix::unsafe_(title, vec![edit]),
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::parity::test_support::{check_pair, fix_pair};

    const RULE: &str = "markup-translated";

    #[test]
    fn admonition_keyword_from_the_source() {
        let src = "## A\n\n:::note\n\nText.\n\n:::\n";
        let tr = "## 가\n\n:::메모장\n\n내용.\n\n:::\n";
        let d = check_pair(RULE, src, tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            fix_pair(RULE, src, tr, false),
            "## 가\n\n:::note\n\n내용.\n\n:::\n"
        );
    }

    #[test]
    fn admonition_keyword_from_the_list() {
        let src = "## A\n\n:::tip\n\n:::\n\n:::info\n\n:::\n";
        let tr = "## 가\n\n:::정보 알아두기\n\n:::\n";
        assert_eq!(
            fix_pair(RULE, src, tr, false),
            "## 가\n\n:::info 알아두기\n\n:::\n"
        );
        // Titles may be translated; keywords in code are not markup.
        let ok = "## 가\n\n:::tip[요령]\n\n:::\n\n```\n:::정보\n```\n";
        assert!(check_pair(RULE, src, ok).is_empty());
    }

    #[test]
    fn admonition_keywords_the_site_adds() {
        use crate::checks::parity::test_support::Site;
        let src = "## A\n\n:::보안\n\nText.\n\n:::\n";
        let tr = "## 가\n\n:::보안\n\n내용.\n\n:::\n";
        let site = Site::new(src);
        let path = site.translation_path("ko");
        let config = site.dir.path().join("docusaurus.config.js");
        std::fs::write(&config, "module.exports = { baseUrl: '/', presets: [['classic', { docs: { admonitions: { keywords: ['보안'] } } }]] };\n").unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(path.parent().unwrap_or(&path)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, tr).unwrap_or_else(|e| panic!("{e}"));
        let d = crate::checks::test_support::check_bytes_at(RULE, tr.as_bytes(), &path);
        assert!(d.is_empty(), "{d:?}");
        // Without the config's keyword it is a translated keyword.
        assert_eq!(check_pair(RULE, src, tr).len(), 1);
    }

    #[test]
    fn front_matter_key() {
        let src = "---\ntitle: Intro\n---\n\n## A\n";
        let tr = "---\n제목: 소개\n---\n\n## 가\n";
        let d = check_pair(RULE, src, tr);
        assert_eq!(d.len(), 1);
        assert_eq!(
            fix_pair(RULE, src, tr, false),
            "---\ntitle: 소개\n---\n\n## 가\n"
        );
        let ok = "---\ntitle: 소개\n---\n\n## 가\n";
        assert!(check_pair(RULE, src, ok).is_empty());
    }

    #[test]
    fn tab_values_and_component_names() {
        let src = "<Tabs groupId=\"os\">\n<TabItem value=\"win\" label=\"Windows\">\n\nA\n\n</TabItem>\n</Tabs>\n";
        let tr = "<Tabs groupId=\"os\">\n<TabItem value=\"윈도우\" label=\"윈도우\">\n\n가\n\n</탭아이템>\n</Tabs>\n";
        let d = check_pair(RULE, src, tr);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(
            fix_pair(RULE, src, tr, false),
            "<Tabs groupId=\"os\">\n<TabItem value=\"win\" label=\"윈도우\">\n\n가\n\n</TabItem>\n</Tabs>\n"
        );
        // A localized link target is fine.
        let src = "<Card to=\"/docs/intro\" />\n";
        let tr = "<Card to=\"/ko/docs/intro\" />\n";
        assert!(check_pair(RULE, src, tr).is_empty());
    }

    #[test]
    fn translated_heading_id() {
        let src = "## Introduction {#introduction}\n\n## Usage {#usage}\n";
        let tr = "## 소개 {#소개}\n\n## 사용법 {#usage}\n";
        let d = check_pair(RULE, src, tr);
        assert_eq!(d.len(), 1);
        assert_eq!(
            fix_pair(RULE, src, tr, false),
            "## 소개 {#introduction}\n\n## 사용법 {#usage}\n"
        );
    }
}
