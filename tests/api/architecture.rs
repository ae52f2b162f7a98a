//! The shape of `src/`: no import cycle between files or between top-level modules, the
//! layers import only downwards (routes → dto → content → db), and no source file grows
//! past 400 lines. Reads the source text; a new cycle or a layer breach fails here with the
//! path that closes it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// What each layer may not import (top-level modules of the crate).
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("domain", &["db", "content", "dto", "routes", "extract", "state", "auth"]),
    ("db", &["content", "dto", "routes", "extract", "state", "auth", "cache"]),
    ("content", &["dto", "routes", "extract", "state", "startup", "cli"]),
    ("dto", &["routes", "extract", "state", "startup", "cli"]),
    ("auth", &["db", "content", "dto", "routes", "extract", "state"]),
    ("render", &["db", "content", "dto", "routes", "extract", "state"]),
    ("webhooks", &["routes", "extract", "state", "startup", "cli", "jobs"]),
    ("wordpress", &["db", "content", "dto", "routes", "extract", "state", "auth"]),
    ("transfer", &["dto", "routes", "extract", "state", "startup", "cli"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/content/articles.rs` → `content::articles`; `src/db/mod.rs` → `db`; `src/lib.rs` → ``.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(SRC).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts.join("::")
}

/// Strips comments and string literals so that paths in them do not count.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("");
        let mut in_string = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            } else if !in_string {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every path a file names with `crate::` or `super::`, braces of `use` trees expanded.
fn paths_in(code: &str, module: &str) -> Vec<String> {
    // `super` of `a::b` is `a`, whether `b` is `a/b.rs` or `a/b/mod.rs`.
    let super_of = module.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
    let mut found = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        let boundary = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        let (prefix, len) = if boundary && rest.starts_with("crate::") {
            (String::new(), 7)
        } else if boundary && rest.starts_with("super::") {
            (super_of.clone(), 7)
        } else {
            i += 1;
            continue;
        };
        let (paths, used) = parse_tree(&chars[i + len..]);
        for p in paths {
            found.push(if prefix.is_empty() { p } else { format!("{prefix}::{p}") });
        }
        i += len + used.max(1);
    }
    found
}

/// Parses `a::b::{c, d::{e, self}}` into `a::b::c`, `a::b::d::e`, `a::b::d`.
fn parse_tree(chars: &[char]) -> (Vec<String>, usize) {
    let mut i = 0;
    let mut head = String::new();
    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == ':') {
        head.push(chars[i]);
        i += 1;
    }
    let head = head.trim_end_matches(':').to_string();
    if i < chars.len() && chars[i] == '{' && head.len() + 2 <= i {
        i += 1;
        let mut paths = Vec::new();
        loop {
            while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ',') {
                i += 1;
            }
            if i >= chars.len() || chars[i] == '}' {
                i += 1;
                break;
            }
            let (inner, used) = parse_tree(&chars[i..]);
            for p in inner {
                paths.push(if p == "self" { head.clone() } else { format!("{head}::{p}") });
            }
            i += used.max(1);
            // Skip `as alias`.
            while i < chars.len() && chars[i] != ',' && chars[i] != '}' {
                i += 1;
            }
        }
        return (paths, i);
    }
    (vec![head], i)
}

/// The longest prefix of `path` that is a module of the crate.
fn resolve(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|m| modules.contains(m))
}

fn graph() -> (BTreeMap<String, BTreeSet<String>>, BTreeMap<String, usize>) {
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut lines = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let module = module_of(file);
        lines.insert(file.strip_prefix(SRC).unwrap().display().to_string(), text.lines().count());
        let targets = edges.entry(module.clone()).or_default();
        for path in paths_in(&code_only(&text), &module) {
            if let Some(target) = resolve(&path, &modules) {
                // A module naming its own children (re-exports, `mod.rs` items) is not a cycle.
                if target != module && !target.starts_with(&format!("{module}::")) && !target.is_empty() {
                    targets.insert(target);
                }
            }
        }
    }
    (edges, lines)
}

/// A cycle in `edges`, as the path that closes it, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied() {
                Some(1) => {
                    let start = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(next, edges, state, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if !state.contains_key(node) {
            if let Some(cycle) = visit(node, edges, &mut state, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

fn top(module: &str) -> String {
    module.split("::").next().unwrap_or("").to_string()
}

#[test]
fn no_file_imports_itself_through_others() {
    let (edges, _) = graph();
    if let Some(cycle) = find_cycle(&edges) {
        panic!("import cycle between files: {}", cycle.join(" → "));
    }
}

#[test]
fn no_top_level_module_imports_itself_through_others() {
    let (edges, _) = graph();
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in edges {
        let set = modules.entry(top(&from)).or_default();
        set.extend(targets.iter().map(|t| top(t)).filter(|t| *t != top(&from)));
    }
    if let Some(cycle) = find_cycle(&modules) {
        panic!("import cycle between modules: {}", cycle.join(" → "));
    }
}

#[test]
fn layers_import_only_downwards() {
    let (edges, _) = graph();
    let mut breaches = Vec::new();
    for (from, targets) in &edges {
        let Some((_, forbidden)) = FORBIDDEN.iter().find(|(layer, _)| top(from) == *layer) else { continue };
        for target in targets {
            if forbidden.contains(&top(target).as_str()) {
                breaches.push(format!("{from} → {target}"));
            }
        }
    }
    assert!(breaches.is_empty(), "layer breaches:\n{}", breaches.join("\n"));
}

#[test]
fn no_source_file_is_over_400_lines() {
    let (_, lines) = graph();
    let long: Vec<String> = lines.iter().filter(|(_, n)| **n > 400).map(|(f, n)| format!("{f}: {n}")).collect();
    assert!(long.is_empty(), "split these by what changes together:\n{}", long.join("\n"));
}

#[test]
fn the_checker_sees_cycles_and_use_trees() {
    let chars: Vec<char> = "a::{b, c::{d, self}} x".chars().collect();
    let (paths, _) = parse_tree(&chars);
    assert_eq!(paths, ["a::b", "a::c::d", "a::c"]);
    let edges: BTreeMap<String, BTreeSet<String>> =
        [("a".to_string(), BTreeSet::from(["b".to_string()])), ("b".to_string(), BTreeSet::from(["a".to_string()]))]
            .into();
    assert!(find_cycle(&edges).is_some());
}

/// Every Rust file of `src/` outside `dir`, with its text.
fn sources_outside(dir: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    files
        .iter()
        .filter(|f| !f.starts_with(Path::new(SRC).join(dir)))
        .map(|f| (f.strip_prefix(SRC).unwrap().display().to_string(), std::fs::read_to_string(f).unwrap()))
        .collect()
}

#[test]
fn sql_lives_in_db() {
    // What writes or reads SQL with diesel; its types (`QueryResult`, errors, the derives of
    // stored enums) may be named elsewhere.
    let sql = [
        "diesel::prelude",
        "diesel::insert_into",
        "diesel::update",
        "diesel::delete",
        "diesel::sql_query",
        "db::schema",
    ];
    let mut found = Vec::new();
    for (file, text) in sources_outside("db") {
        let code = code_only(&text);
        found.extend(sql.iter().filter(|s| code.contains(*s)).map(|s| format!("{file}: {s}")));
    }
    assert!(found.is_empty(), "SQL outside db/:\n{}", found.join("\n"));
}

#[test]
fn every_document_the_code_cites_is_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cited = regex::Regex::new(r"[A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md\b").unwrap();
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    rust_files(&root.join("tests/api"), &mut files);
    let mut missing = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for name in cited.find_iter(&text).map(|m| m.as_str().trim_start_matches("../")) {
            if !root.join(name).exists() && !root.join("docs").join(name).exists() {
                missing.push(format!("{}: {name}", file.display()));
            }
        }
    }
    assert!(missing.is_empty(), "cited but not in the repository:\n{}", missing.join("\n"));
}
