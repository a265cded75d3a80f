"""WordPress shortcodes rendered at build time.

KNOWN_SHORTCODES names every shortcode the build renders; anything else stays
as text (the importer lists those in its report).
"""
from __future__ import annotations

# SyntaxHighlighter Evolved also accepts a language name as the shortcode itself
SOURCECODE_LANGUAGES = frozenset({
    "as3", "actionscript3", "bash", "shell", "sh", "coldfusion", "cf", "clojure", "clj",
    "cpp", "c", "c-sharp", "csharp", "css", "delphi", "pas", "pascal", "diff", "patch",
    "erl", "erlang", "fsharp", "go", "golang", "groovy", "haskell", "html", "xml", "xhtml",
    "xslt", "java", "javafx", "jfx", "javascript", "js", "jscript", "json", "latex", "tex",
    "matlab", "matlabkey", "objc", "obj-c", "perl", "pl", "php", "plain", "text",
    "powershell", "ps", "python", "py", "r", "splus", "ruby", "rails", "ror", "rb",
    "scala", "sql", "swift", "vb", "vbnet", "yaml", "yml",
})

KNOWN_SHORTCODES = frozenset({
    "caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed",
    "youtube", "vimeo", "soundcloud", "sourcecode", "code",
}) | SOURCECODE_LANGUAGES
