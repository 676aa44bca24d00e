"""Every diagnostic code, with its default severity and what to do about it.

`evidence explain CODE` prints these entries; a test checks that every code
the package emits is registered here and documented.
"""

from __future__ import annotations

from dataclasses import dataclass

from .definitions import CERTAINTY_WORDS, OVERSTATEMENTS
from .diagnostics import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.NOTE
_LEVEL = {3: "moderate", 2: "low", 1: "very low"}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str
    explanation: str
    fix: str
    configurable: bool = False  # a site may raise or lower it in evidence.yml


_WORDS = "; ".join(
    [f"{_LEVEL[rank]}: " + ", ".join(f'"{w}"' for w in words)
     for rank, words in sorted(CERTAINTY_WORDS.items(), reverse=True)]
    + ["too sure below high: " + ", ".join(f'"{w}"' for w in OVERSTATEMENTS)])

_CODES = [
    # Files
    Code("file.unreadable", E, "A file cannot be read",
         "The file exists but could not be opened or read (permissions, a broken link, a folder "
         "where a file was expected).", "Make the file readable, or remove it."),
    Code("file.encoding", E, "A file is not valid UTF-8",
         "Claim, topic and reference files must be UTF-8. A leading byte-order mark is accepted.",
         "Re-save the file as UTF-8 in your editor."),
    Code("file.too-large", E, "A file is larger than the limit",
         "Files are size-checked before they are parsed so that a huge file cannot exhaust memory.",
         "Split the content, or check that the file is what you meant to commit."),
    Code("file.outside-project", E, "A path leaves the project",
         "A symbolic link or path points outside the project folder. Content may never make the "
         "build read files outside the project.", "Replace the link with the file itself."),
    Code("file.active-content", E, "A file in the docs folder is not a type the site publishes",
         "MkDocs publishes files in the docs folder as they are. Only page sources (Markdown), "
         "raster images (PNG, JPEG, GIF, WebP, AVIF) and PDF are allowed: anything else (HTML, "
         "SVG, XML and their variants, JavaScript, CSS, JSON, text, CSV, an unknown suffix) "
         "would be served from the site's own address and could run script, restyle every "
         "page or feed the theme's scripts; pages written in Markdown are sanitised instead.",
         "Write the page in Markdown and save images as PNG or JPEG. A script or style of the "
         "site's own is code: name it in mkdocs.yml (extra_javascript) or put it in the theme's "
         "custom_dir, where review guards it."),
    Code("file.page-too-complex", E, "A hand-written page is past the bounds of a linear parse",
         "Python-Markdown reads a page before the plugin does, and some of its rules grow "
         "faster than their input: runs of '[' make link parsing quadratic, and each level of "
         "list or quote nesting is a level of recursion. A page over 1 MiB, with more than "
         "5,000 '[' characters, or with a line that starts with 100 or more characters of list and quote markers is refused "
         "before it is parsed, so no page can stall or crash a build.",
         "Split the page, escape long runs of brackets (\\[), or flatten the nesting."),
    Code("file.reserved-path", E, "A file in the docs folder is where the plugin writes",
         "The evidence plugin writes assets/evidencekit.css, claims.json, claims.csv, the "
         "references/ and corrections/ pages and every page under topics/. A file of the docs "
         "folder at one of those paths would replace the plugin's output (a stylesheet there "
         "restyles every badge) or be silently replaced by it.",
         "Move or rename the file; claims and topics are written as YAML under "
         "content/topics/, never as pages."),
    # YAML
    Code("yaml.syntax", E, "The YAML cannot be parsed",
         "The file is not valid YAML. The usual slips are named in plain words at the place to "
         "fix: a tab used for indentation (YAML indents with spaces only), a quote opened and "
         "not closed (reported where it opens, not where the parser gave up), text after a "
         "closing quote, and ': ' inside an unquoted value; anything else keeps the parser's "
         "own reason.",
         "Fix the line shown, as the hint says. Indent with spaces; quote values containing "
         "': ' or ' #' or starting with a special character; inside '…' write an apostrophe as "
         "'', inside \"…\" write a quote as \\\"."),
    Code("yaml.multiple-documents", E, "More than one YAML document",
         "A claim or topic file holds exactly one YAML document; a second '---' starts another.",
         "Remove the second '---' or split the file."),
    Code("yaml.alias", E, "YAML anchors and aliases are not allowed",
         "Anchors (&name) and aliases (*name) make content hard to review and allow "
         "'billion laughs' memory attacks, so they are refused.",
         "Write the value out in full where it is needed."),
    Code("yaml.tag", E, "YAML tags are not allowed",
         "Tags such as !!python/object, !ENV or !!str can make a loader run code or read the "
         "environment; content files never need them.", "Remove the tag; quote the value instead."),
    Code("yaml.duplicate-key", E, "A key appears twice in one mapping",
         "YAML loaders silently keep only the last value, so the first would be lost.",
         "Remove or merge one of the two keys."),
    Code("yaml.too-deep", E, "Nesting is deeper than the limit",
         "Deeply nested data is refused before anything walks it.", "Flatten the structure."),
    Code("yaml.empty", E, "The file is empty",
         "A claim or topic file must hold a mapping of fields.",
         "Fill the file in (evidence new claim writes a template)."),
    # Schema
    Code("schema.unknown-field", E, "An unknown field",
         "The field is not part of the claim or topic format; a misspelt field would otherwise be "
         "silently ignored.", "Correct the field name (see the hint) or remove it."),
    Code("schema.missing-field", E, "A required field is missing",
         "Every claim needs claim, type, verdict, grade, summary, evidence, caveats and reviewed; "
         "every topic needs title, question, bottom_line, source and reviewed.",
         "Add the field; `evidence schema` lists them all."),
    Code("schema.type", E, "A value has the wrong type",
         "For example a list where text is expected, or a number where a date is expected.",
         "Write the value in the form the message names."),
    Code("schema.enum", E, "A value is not in its vocabulary",
         "Fields such as verdict, grade, type and stance take one of a fixed set of words.",
         "Use one of the values the message lists."),
    Code("schema.too-long", E, "A value is too long",
         "The `short` form of a claim is shown in overview tables and must be at most 80 "
         "characters.", "Shorten it."),
    Code("schema.replaced-field", E, "A field of the old claim format",
         "The field was replaced by another in a newer format, and is no longer read. An old "
         "`upgrade:` (one text) is now `upgrades:`, a list with one item per reason for rating "
         "certainty up, each with its GRADE reason (large-effect, dose-response or "
         "confounding), its size in levels and its reason, so that the checker can add up "
         "the grade.",
         "Rewrite it in the new form the hint shows, for example:\n\n"
         "  upgrades:\n"
         "    - domain: dose-response\n"
         "      levels: 1\n"
         "      reason: More dependence at higher daily intake in the surveys."),
    Code("schema.empty", E, "A value is empty",
         "Text fields must hold text and lists at least one item.", "Fill it in or remove it."),
    Code("schema.placeholder", E, "A placeholder was left in",
         "`evidence new` writes placeholders such as 'TODO: ...' that must be replaced.",
         "Replace the placeholder with real content."),
    Code("schema.date", E, "A date is not a real ISO date",
         "Dates are written YYYY-MM-DD and must exist on the calendar.",
         "Write the date as YYYY-MM-DD, for example 2025-11-03."),
    Code("schema.url", E, "A link is not an http or https URL",
         "Links in content must be absolute http or https URLs, with no user name before the "
         "host (https://trusted.example@evil.example/ visits evil.example) and an ASCII host "
         "name: non-ASCII and punycode (xn--) hosts can imitate another site letter for letter.",
         "Use the site's plain https:// address."),
    Code("schema.bidi", E, "A value holds a bidirectional control character",
         "Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) make "
         "text display in an order other than the one stored, so a reviewer and a reader can "
         "see different text (the 'Trojan Source' attack). They are refused in every text "
         "field rather than escaped: escaped, they would show as noise on the page.",
         "Remove the character (messages show it escaped, as \\u202e). Right-to-left words "
         "display correctly without it."),
    Code("date.future", E, "A date lies in the future",
         "A review date records when the evidence was checked, which cannot be after today. "
         "Dates are judged in UTC, whatever the machine's time zone, with a day's grace (a "
         "date one day after UTC's today passes, as an editor east of Greenwich may write it).",
         "Use the date the evidence was actually checked."),
    # Claims and topics
    Code("claim.id", E, "A claim or topic id is not a valid id",
         "The file name is the claim's id and becomes an anchor and a URL, so it must be lower "
         "case letters, digits and hyphens, starting with a letter.",
         "Rename the file, for example 'liver-injury.yml'."),
    Code("claim.duplicate-id", E, "Two claims share an id",
         "Claim ids are unique across all topics, because they are anchors and permanent links.",
         "Rename one of the files."),
    Code("claim.not-yaml", E, "A file in claims/ is not a claim file",
         "Only .yml and .yaml files in a topic's claims/ folder are claims; any other file there "
         "would otherwise be silently ignored.", "Rename it to end in .yml, or move it elsewhere."),
    Code("claim.no-citation", E, "A claim cites no source",
         "Every claim cites at least one source from the reference library.",
         "Add an item under evidence with a cite key and a stance."),
    Code("claim.duplicate-citation", W, "A claim cites the same key twice",
         "Each source appears once in a claim's evidence.", "Merge the two items."),
    Code("claim.acknowledge-unneeded", W, "An acknowledged warning does not apply",
         "A claim's `acknowledge:` names a warning that the claim no longer triggers; left in "
         "place, it would silently hide that warning if it came back.", "Remove the entry."),
    Code("topic.missing", E, "A claims folder has no topic.yml",
         "Each topic folder needs a topic.yml describing the question it answers.",
         "Add topic.yml (evidence new topic writes one)."),
    Code("topic.order-unknown", E, "The topic's order names a claim that does not exist",
         "Every id in `order` must be a claim file in the topic's claims/ folder.",
         "Fix the id or add the claim."),
    Code("topic.order-missing", W, "A claim is missing from the topic's order",
         "Claims not listed in `order` are shown after the listed ones.",
         "Add the claim's id to `order`."),
    Code("topic.none", E, "The folder holds no topic to check",
         "A check that finds nothing to check must not pass: in a folder named as the project "
         "(`evidence check DIR`) that is not one, or in a project whose content/topics/ holds "
         "no topic, `evidence check` would otherwise print '0 errors' and exit 0. (Without "
         "DIR, a folder outside any project is a usage error, exit 2.)",
         "Name the project's top folder (the one holding content/ and references/), or run "
         "the command inside the project; add a topic with `evidence new topic ID`."),
    Code("topic.no-claims", W, "A topic has no claims",
         "The topic's claims/ folder is missing or empty.", "Add claims or remove the topic."),
    Code("topic.unexpected-file", W, "A file under content/topics/ is not read",
         "Only each topic folder's topic.yml and the claims in its claims/ folder are read; "
         "anything else under content/topics/ (a claim beside claims/ instead of in it, a "
         "Claims/ folder, topic.yaml beside topic.yml, a file directly in content/topics/) "
         "would be lost without a word. Hidden files and editors' leftovers are ignored "
         "silently here as everywhere under content/ and references/ (never read, published "
         "or counted): names starting with '.' (.DS_Store, .gitkeep, vim's .name.swp, Emacs' "
         ".#locks), swap files (.swp, .swo ... .swa), backups ending in ~ or .bak, and Emacs "
         "#autosaves#. Hand-written pages there are reported as "
         "file.reserved-path instead.",
         "Move the file where the message says, or remove it."),
    # Citations
    Code("citation.unknown-key", E, "A cited key is not in the library",
         "Every `cite` must name an entry in a .bib file under references/.",
         "Correct the key (see the hint) or add the entry to the library."),
    Code("citation.broken-entry", E, "A cited entry failed to parse",
         "The key exists in the library, but its entry could not be parsed, so it cannot be shown.",
         "Fix the entry in the .bib file at the line given."),
    # BibTeX
    Code("bib.parse-error", E, "A BibTeX block failed to parse",
         "bibtexparser could not read this block, or a field's value is malformed (often a "
         "missing comma between two fields); its fields would be lost. A claim citing an entry "
         "that failed to parse is reported as citation.broken-entry.",
         "Check braces, quotes, commas and the entry's key at the line given."),
    Code("bib.duplicate-key", E, "Two entries share a key",
         "Keys must be unique across all .bib files, also when they differ only in case (BibTeX "
         "treats Smith2020 and smith2020 as one key). A @string defined twice with different "
         "values is reported too. The first definition is used.",
         "Rename or remove one entry."),
    Code("bib.duplicate-field", E, "A field appears twice in one entry",
         "Only one of the values could be used (the first). Field names ignore case, so Title "
         "and title are the same field.", "Remove one of the two fields."),
    Code("bib.undefined-string", E, "A @string macro is used but never defined",
         "A bare word in a field value names a @string macro that no file defines. The month "
         "abbreviations jan to dec are predefined.",
         "Define the @string, or put the value in braces."),
    Code("bib.too-large", E, "A BibTeX value expands past its budget",
         "@string macros and '#' concatenation are expanded as the library is read, and a few "
         "hundred bytes of macros that each repeat the previous one twice would expand to "
         "gigabytes. Expansion stops early: one value (a field or a @string) may be at most "
         "1 MiB, and all the text built by expansion together at most 64 MiB. The message names "
         "the value and the @string where expansion stopped; an oversized @string is left empty.",
         "Write the text out instead of building it from macros, or shorten it."),
    Code("bib.too-deep", E, "A chain of @string or crossref links is too long",
         "@string definitions that each name the next, or entries whose crossref each names the "
         "next, are followed at most 100 links deep (real libraries use one to three). The "
         "@string past the limit is left empty (only the first such @string is reported, as the "
         "rest of a long chain is cut the same way); the crossref of the entry reached past "
         "the limit is not followed, nor the rest of its chain.",
         "Define the macro, or point the crossref, directly at the text or entry it needs."),
    Code("bib.stray-text", E, "Text between entries",
         "Text outside entries is ignored by BibTeX; it usually means a brace closed an entry early "
         "and the fields after it are lost. Lines that start with % and BibTeX's own comment "
         "forms (@comment followed by text on its line, as Emacs writes '@Comment file.bib "
         "-*- mode: BibTeX -*-', @comment{...} and @preamble{...}) are comments, not stray text.",
         "Check the entry before this line; start a comment line with % or @comment."),
    Code("bib.entry-in-value", W, "A line inside a value starts like an entry",
         "BibTeX reads a value until its braces (or its quotes, outside braces) close, so a "
         "line such as '@article{key,' inside an abstract is text of that value, not a new "
         "entry, and it is read that way here (bibtexparser's splitter would cut the entry "
         "there). The warning says so, because the same text also appears when the entry "
         "above was never closed and swallowed the entry that follows.",
         "If an entry starts at that line, close the entry above it; if it is text, indent "
         "the line or write the '@' inside braces ({@})."),
    Code("bib.string-order", W, "A @string is used before its definition",
         "A deliberate difference from BibTeX: BibTeX reads a library from top to bottom "
         "and leaves a @string macro used before its definition empty (with a warning); "
         "this project reads every @string of every file first (files in the order of "
         "their paths), so the value is filled in. The warning says so, because the "
         "library would print differently with BibTeX.",
         "Move the @string definitions above the entries that use them: to the top of the "
         "file, or into a file whose path sorts first (references/00-strings.bib)."),
    Code("bib.percent-entry", W, "An entry after a '%' is read",
         "A deliberate choice that differs from biber: '%' starts a comment in biber and in "
         "LaTeX, but BibTeX reads '% @article{key, ...}' as a live entry, and so does this "
         "project (BibTeX is what most libraries are written for). The entry is read, cited "
         "and checked like any other; this warning says so, because an editor who wrote the "
         "'%' meant to remove it. Reported for cited entries (and by `evidence refs --lint`).",
         "Delete the entry, or wrap it in @comment{...}; if it is meant to be live, remove "
         "the '%'."),
    Code("bib.key-pattern", E, "A BibTeX key has unsafe characters",
         "Keys become anchors and parts of URLs, so they must start with a letter and use only "
         "letters, digits and _ - : .", "Rename the key."),
    Code("bib.missing-field", E, "An entry lacks a required field",
         "Each entry type needs certain fields: article: author, title, journal, year; book: "
         "author or editor, title, publisher, year; inproceedings, incollection: author, title, "
         "booktitle, year; phdthesis, mastersthesis: author, title, school, year; techreport: "
         "author, title, institution, year; other types: title. biblatex's journaltitle and date "
         "count as journal and year, and fields are inherited from a crossref'd entry.",
         "Add the field; if it is unknown, choose an entry type such as @misc."),
    Code("bib.doi", E, "A DOI is malformed",
         "A DOI looks like 10.NNNN/suffix, without 'https://doi.org/' or 'doi:' in front.",
         "Write the bare DOI, checked on the publisher's page."),
    Code("bib.url", E, "A URL is not http or https",
         "Only absolute http and https links are allowed in the library (checked after removing "
         "spaces and control characters and decoding HTML entities, as browsers do).",
         "Use an https:// address."),
    Code("bib.design-missing", W, "A reference has no study design",
         "Starting levels of certainty and the design mix on each claim card need each source's "
         "design, recorded once in its entry's `design` field.",
         "Add design = {...} with a value from the vocabulary (see `evidence explain "
         "bib.design-unknown`)."),
    Code("bib.design-placeholder", E, "A reference's study design is still to be chosen",
         "`evidence refs add` writes design = {TODO} in each entry it adds, because no "
         "registry says what design a study has: an editor reads the paper and chooses. The "
         "placeholder is unfinished work, so it is reported for every entry, cited or not.",
         "Replace TODO with one or more designs from the vocabulary (see `evidence explain "
         "bib.design-unknown`), for example design = {randomised-trial}."),
    Code("bib.design-unknown", E, "A study design is not in the vocabulary",
         "The `design` field takes one or more of: systematic-review, meta-analysis, guideline, "
         "randomised-trial, non-randomised-trial, cohort, case-control, cross-sectional-survey, "
         "case-series, case-report, "
         "animal, in-vitro, in-silico, narrative-review, regulatory-document, other "
         "(comma-separated). A review's `pooled` field takes the same values, and "
         "`observational` for a review that names only observational studies, not their "
         "designs.",
         "Use a value from the vocabulary."),
    Code("bib.pooled-missing", W, "A review does not record what it pooled",
         "A systematic review or meta-analysis starts where the studies it pooled start: "
         "high for randomised trials, low for studies that observe people, very low for "
         "animal, cell or computer-model studies. Its `pooled` field records their designs, "
         "from the design vocabulary (or `observational` when the review does not say which "
         "observational designs); without it, the review sets no starting level (the word "
         "'review' does not make evidence strong).",
         "Add pooled = {...} to the entry with the designs of the studies it pooled, for "
         "example pooled = {randomised-trial, cohort}, as the review itself reports them."),
    Code("bib.unused", W, "A reference is cited by no claim",
         "A library may hold many entries no claim cites (a lab's shared file, a Zotero "
         "export). By default they are counted in one note at the first of them ('16,572 "
         "references are not cited; 481 of them break house rules') and held only to the rules "
         "that change what is read elsewhere (a block that swallows the next entry, stray "
         "text, @string problems, a duplicate of a cited key); their other problems are listed "
         "by `evidence refs --lint` and kept in `evidence check --format json` under "
         "'uncited'. A curated library sets `uncited_references: list` in evidence.yml: then "
         "each unused entry is named with this warning and held to every rule. An unused "
         "entry is usually left over from a removed claim or a misspelt key.",
         "Cite it or remove it; or leave it, if the library is shared.", configurable=True),
    # Evidence rules
    Code("grade.arithmetic", E, "A grade does not add up",
         "As in GRADE, a grade is a result, not a choice: the certainty starts where the "
         "designs of the sources bearing on the claim put it (stance supports, contradicts or "
         "mixed; never context), goes down one or two levels for each written downgrade and "
         "up for each written upgrade, and must end at the stated grade. For benefit, safety "
         "and other claims, randomised trials start at high, studies that observe people "
         "(cohort, case-control, survey, case series, case report) at low, animal, cell or "
         "computer-model studies alone at very low; a systematic review or meta-analysis "
         "starts where the designs it pooled start; overview articles, guidelines without "
         "`pooled`, regulatory documents and other sources set no level, and a claim resting "
         "only on them starts at very low. For biology (mechanism) claims, experiments "
         "(randomised trials, animal and cell studies) start at high, computer models and "
         "observational studies at low. For legal or regulatory claims, a regulator's own "
         "document starts at high, anything else at low. The hint shows the sum, e.g. "
         "'starts at low (observational studies in people); −1 risk of bias; = very low, but "
         "grade says low'.",
         "Change the grade to the result, or write the step that is missing (or remove the "
         "one that does not apply) under `downgrades:` or `upgrades:`."),
    Code("grade.upgrade-start", E, "Certainty is rated up for evidence that does not start at low",
         "GRADE rates up only evidence from studies that observe people, which starts at low: "
         "for a large effect, a dose-response gradient, or biases that would hide the effect. "
         "Randomised evidence (starting at high) is not rated up, and neither are animal, cell "
         "or computer-model studies for a claim about people (starting at very low).",
         "Remove the upgrade; its reason may belong in the summary or a caveat."),
    Code("grade.ceiling", E, "Upgrades lift certainty above high",
         "Evidence that starts at low may be rated up by at most two levels in all, to high; "
         "upgrades adding up to more would lift certainty above the top of the scale.",
         "Keep the upgrades to two levels in all: one step of two levels, or two of one.", True),
    Code("grade.floor", E, "Downgrades take certainty below very low",
         "Very low is the bottom of the scale. A claim resting on evidence that starts at very "
         "low (for example animal studies alone, for a claim about people) has no room for a "
         "further downgrade, and two downgrades of evidence that starts at low leave none: the "
         "weakness is already counted.",
         "Remove a downgrade or make it one level, and say what it says in a caveat instead."),
    Code("grade.duplicate-domain", E, "A reason for rating down or up is used twice",
         "GRADE rates each domain once per claim (by one or two levels), so a domain written "
         "twice under `downgrades:` or `upgrades:` would count one weakness or strength twice.",
         "Merge the two items into one, of one or two levels, with both reasons."),
    Code("grade.no-caveat", E, "A grade below high has no caveat or reason for rating down",
         "A reader needs to know why certainty is not high.",
         "Add a caveat or a `downgrades` entry.", True),
    Code("verdict.grade", E, "A verdict that its certainty rules out",
         "'unsupported' means there is not enough evidence either way. Evidence of moderate or "
         "high certainty is enough to judge the claim: if it shows the claim is wrong the "
         "verdict is 'contradicted', if it backs it 'supported', if it backs part of it 'mixed' "
         "or 'lacks-context'. (A 'supported' or 'contradicted' verdict without a source that "
         "backs or contradicts the claim is verdict.stance.)",
         "Change the verdict, or rate the certainty down for what makes the evidence not "
         "enough (imprecision, indirectness, ...)."),
    Code("verdict.stance", E, "The verdict disagrees with the sources' stances",
         "'supported' needs at least one source that supports the claim; 'contradicted' needs at "
         "least one that contradicts it.", "Fix the verdict or the stances.", True),
    Code("evidence.secondary-source", W, "A health claim has no secondary source",
         "Efficacy and safety claims should rest on a systematic review, meta-analysis or "
         "guideline (in the spirit of Wikipedia's medical sourcing rule). The page shows "
         "'secondary source needed'.", "Cite a systematic review or guideline if one exists.", True),
    Code("summary.wording", W, "A summary's wording is surer than its grade",
         "A reader takes a summary's words at face value, so they follow the certainty, as in "
         "GRADE's informative statements (GRADE guidelines 26) and Cochrane's plain-language "
         "summaries. The summary's opening sentence is read: high certainty may state the "
         "finding plainly (\"does\", \"reduces\", \"results in\"); moderate says "
         "\"probably\" (or \"likely\", \"unlikely\"); low says \"may\" (or \"might\", "
         "\"could\", \"possibly\", \"suggests\", \"appears to\"); very low says \"we don't "
         "know whether…\" or \"the evidence is very uncertain\" (or \"unclear\", \"not "
         "known\"). Weaker wording is always allowed; a sentence without any of these words is "
         "a plain statement, wording for high certainty; \"clearly\", \"proven\", "
         "\"definitely\" and the like are too sure below high. A sentence saying that no "
         "study exists or none was found is about the evidence and passes (see "
         "summary.no-search). The words it reads, from definitions.py: " + _WORDS + ".",
         "Reword the opening sentence with the phrasing for the claim's grade, e.g. at very low "
         "\"We don't know whether kratom improves depression; the evidence is very "
         "uncertain.\", at low \"Kratom may …\", at moderate \"Kratom probably …\".", True),
    Code("summary.no-search", W, "A summary says no study exists, with no search recorded",
         "\"No study has tested…\" or \"there are no trials…\" claims more than any search "
         "can show, and \"we found no study\" is only as good as the search behind it. A "
         "summary that says no study exists (or none was found) needs a `searched` record on "
         "the claim or on its topic.yml: where, on which day, with which terms, and what was "
         "found; the page shows it as \"We searched … on …\".",
         "Add a `searched` record (where, on, terms, found) to the claim or its topic, and "
         "word the summary \"We found no …\".", True),
    Code("reviewed.stale", N, "The evidence review is overdue",
         "The `reviewed` date is older than the site's freshness limit (24 months unless "
         "evidence.yml says otherwise). The page shows 'review overdue'. It is a note: a "
         "review falling due is a schedule, not a problem with a change, so it never fails "
         "`evidence check --strict` or `mkdocs build --strict` (a site may turn it off, not "
         "raise it). `evidence due` lists every claim and topic due for review.",
         "Re-check the evidence, then record the day with `evidence reviewed TOPIC/CLAIM-ID` "
         "(or `evidence reviewed TOPIC` for all of a topic's claims).", True),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}
