"""Unit tests for generator.typography.

Most texturize cases are WordPress's own expectations for wptexturize()
(tests/phpunit/tests/formatting/wpTexturize.php), so a change in behaviour
shows up as a difference from WordPress.
"""

import pytest

from generator.typography import (
    autop,
    clean_xml_chars,
    escape_text,
    excerpt,
    strip_tags,
    texturize,
    trim_words,
)

NBSP = "\u00a0"


# --------------------------------------------------------------------------
# texturize: the behaviour table
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Musk's rocket", "Musk&#8217;s rocket"),
        ("don't stop", "don&#8217;t stop"),
        ("the producers' beats", "the producers&#8217; beats"),
        ("say 'hello' now", "say &#8216;hello&#8217; now"),
        ('say "hello" now', "say &#8220;hello&#8221; now"),
        ("Class of '99", "Class of &#8217;99"),
        ("'cause I said so", "&#8217;cause I said so"),
        ("wait 'til dawn", "wait &#8217;til dawn"),
        ("he is 9' 9\" tall", "he is 9&#8242; 9&#8243; tall"),
        ("wait...", "wait&#8230;"),
        ("a---b", "a&#8212;b"),
        ("a -- b", "a &#8212; b"),
        ("pages 10--20", "pages 10&#8211;20"),
        ("a - b", "a &#8211; b"),
        ("1920x1080", "1920&#215;1080"),
        ("Brand (tm) thing", "Brand &#8482; thing"),
        ("Brand(tm)", "Brand(tm)"),
        ("(c) 2024 (r)", "(c) 2024 (r)"),
        ("rock & roll", "rock &#038; roll"),
        ("rock &amp; roll", "rock &amp; roll"),
        ("it&#8217;s &nbsp; &#x2019;", "it&#8217;s &nbsp; &#x2019;"),
        ("Musk\u2019s \u201cquote\u201d", "Musk\u2019s \u201cquote\u201d"),
        ("", ""),
    ],
)
def test_texturize_table(text, expected):
    assert texturize(text) == expected


# --------------------------------------------------------------------------
# texturize: WordPress's own expectations
# --------------------------------------------------------------------------

WORDPRESS_CASES = [
    # dashes
    ("Hey -- boo?", "Hey &#8212; boo?"),
    ('<a href="http://xx--xx">Hey -- boo?</a>', '<a href="http://xx--xx">Hey &#8212; boo?</a>'),
    ("word --- word", "word &#8212; word"),
    ("word---word", "word&#8212;word"),
    ("word -- word", "word &#8212; word"),
    ("word--word", "word&#8211;word"),
    ("word - word", "word &#8211; word"),
    ("word-word", "word-word"),
    ("word xn&#8211; word", "word xn&#8211; word"),
    ("wordxn--word", "wordxn--word"),
    ("- ", "&#8211; "),
    ("- -", "&#8211; &#8211;"),
    (" -", " &#8211;"),
    ("-- ", "&#8212; "),
    ("-- --", "&#8212; &#8212;"),
    (" --", " &#8212;"),
    ("&nbsp;-&nbsp;", "&nbsp;&#8211;&nbsp;"),
    (" -&nbsp;", " &#8211;&nbsp;"),
    (f"{NBSP}-{NBSP}", f"{NBSP}&#8211;{NBSP}"),
    ("&nbsp;--&nbsp;", "&nbsp;&#8212;&nbsp;"),
    (f"{NBSP}-- ", f"{NBSP}&#8212; "),
    ("F--oo<", "F&#8211;oo<"),
    # brackets and basic quotes
    ('("test")', "(&#8220;test&#8221;)"),
    ("('test')", "(&#8216;test&#8217;)"),
    ("('twas)", "(&#8217;twas)"),
    ('A dog ("Hubertus") was sent out.', "A dog (&#8220;Hubertus&#8221;) was sent out."),
    ("test's", "test&#8217;s"),
    ("'quoted'", "&#8216;quoted&#8217;"),
    ('"quoted"', "&#8220;quoted&#8221;"),
    ("{\"quoted\"}", "{&#8220;quoted&#8221;}"),
    ("'qu(ot)ed'", "&#8216;qu(ot)ed&#8217;"),
    (" 'test's quoted' ", " &#8216;test&#8217;s quoted&#8217; "),
    (" \"test's quoted\" ", " &#8220;test&#8217;s quoted&#8221; "),
    (
        "That means every moment you're working on something without it being in the public it's actually dying.",
        "That means every moment you&#8217;re working on something without it being in the public it&#8217;s actually dying.",
    ),
    ("A test with a finishing number, \"like 23\".", "A test with a finishing number, &#8220;like 23&#8221;."),
    ("A test with a number, \"like 62\", is nice to have.", "A test with a number, &#8220;like 62&#8221;, is nice to have."),
    (
        'Here is "<a href="http://example.com">a test with a link</a>" and a space.',
        'Here is &#8220;<a href="http://example.com">a test with a link</a>&#8221; and a space.',
    ),
    ("'test's'", "&#8216;test&#8217;s&#8217;"),
    ("'string's'", "&#8216;string&#8217;s&#8217;"),
    # numbers, years, primes
    ("Class of '99's", "Class of &#8217;99&#8217;s"),
    ("'Class of '99'", "&#8216;Class of &#8217;99&#8217;"),
    ("'Class of '99', she said", "&#8216;Class of &#8217;99&#8217;, she said"),
    ("'Class of '99&#8217;s'", "&#8216;Class of &#8217;99&#8217;s&#8217;"),
    ('"Class of 99"', "&#8220;Class of 99&#8221;"),
    ("\"Class of '99\"", "&#8220;Class of &#8217;99&#8221;"),
    (" \"Class of '99\", she said", " &#8220;Class of &#8217;99&#8221;, she said"),
    ("}\"Class of '99\"{", "}&#8221;Class of &#8217;99&#8243;{"),
    ("14x24", "14&#215;24"),
    ("9'", "9&#8242;"),
    ('9"', "9&#8243;"),
    ("a 9' b", "a 9&#8242; b"),
    ('"a 9\' b"', "&#8220;a 9&#8242; b&#8221;"),
    ("'a 9\" b'", "&#8216;a 9&#8243; b&#8217;"),
    ('"12345"', "&#8220;12345&#8221;"),
    ("'12345'", "&#8216;12345&#8217;"),
    (
        "\"a 9' plus a '9', maybe a 9' '9'\"",
        "&#8220;a 9&#8242; plus a &#8216;9&#8217;, maybe a 9&#8242; &#8216;9&#8217;&#8221;",
    ),
    (
        "<p>'99<br />'123'<br />'tis<br />'s'</p>",
        "<p>&#8217;99<br />&#8216;123&#8217;<br />&#8217;tis<br />&#8216;s&#8217;</p>",
    ),
    ("WordPress 3.5's release date", "WordPress 3.5&#8217;s release date"),
    ("word 99\" word", "word 99&#8243; word"),
    ("word99\"word", "word99&#8243;word"),
    ("word 99' word", "word 99&#8242; word"),
    ("word 99'word", "word 99&#8217;word"),
    ("word '99 word", "word &#8217;99 word"),
    ("word'99word", "word&#8217;99word"),
    ("word '99&#8217;s word", "word &#8217;99&#8217;s word"),
    (
        "according to our source, '33 students scored less than 50' on the test.",
        "according to our source, &#8217;33 students scored less than 50&#8242; on the test.",
    ),
    ("word '99. word", "word &#8217;99. word"),
    ("word '99' word", "word &#8217;99&#8217; word"),
    ("word '99.' word", "word &#8217;99.&#8217; word"),
    ("word '999 word", "word &#8216;999 word"),
    ("word '99% word", "word &#8216;99% word"),
    ("word '9 word", "word &#8216;9 word"),
    ("word '99.9 word", "word &#8216;99.9 word"),
    ("in '4 years, 3 months,' Obama cut the deficit", "in &#8216;4 years, 3 months,&#8217; Obama cut the deficit"),
    ("testing's '4' through 'quotes'", "testing&#8217;s &#8216;4&#8217; through &#8216;quotes&#8217;"),
    ('word "42.00" word', "word &#8220;42.00&#8221; word"),
    ("word '42.00'word", "word &#8216;42.00&#8217;word"),
    ('word "4,242.00" word', "word &#8220;4,242.00&#8221; word"),
    ("word '99'samsonite", "word &#8217;99&#8217;samsonite"),
    ("George's porch is 99' long.", "George&#8217;s porch is 99&#8242; long."),
    (
        'The best year "was that time in 2012" when everyone partied, he said.',
        "The best year &#8220;was that time in 2012&#8221; when everyone partied, he said.",
    ),
    ("I need 4 x 20' = 80' of trim.", "I need 4 x 20&#8242; = 80&#8242; of trim."),
    ('"Lorem ipsum dolor sit amet 1234"', "&#8220;Lorem ipsum dolor sit amet 1234&#8221;"),
    ("'Etiam eu egestas dui 1234'", "&#8216;Etiam eu egestas dui 1234&#8217;"),
    (
        "The doctor said, 'An average height is between 5' and 6' in study group 7'.  "
        "He then produced a 6' chart of averages.  A man of 7', incredibly, is very possible.",
        "The doctor said, &#8216;An average height is between 5&#8242; and 6&#8242; in study group 7&#8217;.  "
        "He then produced a 6&#8242; chart of averages.  A man of 7&#8242;, incredibly, is very possible.",
    ),
    # opening and closing quotes in context
    ("word ('word word", "word (&#8216;word word"),
    ("word <'word word", "word <'word word"),
    ("word &lt;'word word", "word &lt;&#8216;word word"),
    ("word \"'word word", "word &#8220;&#8216;word word"),
    ("word\"'word word", "word&#8221;&#8216;word word"),
    ("word ' word word", "word &#8216; word word"),
    ("word'[ word", "word'[ word"),
    ("word'&lt; word", "word'&lt; word"),
    ("word'< word", "word&#8217;< word"),
    ('word -"word word', "word -&#8220;word word"),
    ('word-"word word', "word-&#8220;word word"),
    ('word<"word word', 'word<"word word'),
    ('word \"99 word', "word &#8220;99 word"),
    ('word word"> word', "word word&#8221;> word"),
    ('word word"&gt; word', "word word&#8221;&gt; word"),
    ('word"word"word', "word&#8221;word&#8221;word"),
    ('test sentence". word', "test sentence&#8221;. word"),
    ("word word'- word", "word word&#8217;- word"),
    ("word word'&gt; word", "word word&#8217;&gt; word"),
    ("test sentence.' word", "test sentence.&#8217; word"),
    ("word ]'. word", "word ]&#8217;. word"),
    ("&nbsp;\"Testing\"", "&nbsp;&#8220;Testing&#8221;"),
    (f"stop.{NBSP}{NBSP}\"A quote after 2 spaces.\"", f"stop.{NBSP}{NBSP}&#8220;A quote after 2 spaces.&#8221;"),
    ("stop.&nbsp;&nbsp;'A quote after 2 spaces.'", "stop.&nbsp;&nbsp;&#8216;A quote after 2 spaces.&#8217;"),
    ("Contraction: \u03a0's", "Contraction: \u03a0&#8217;s"),
    # ampersands
    ("word&word", "word&#038;word"),
    ("word &#038; word", "word &#038; word"),
    ("word &#xabc; word", "word &#xabc; word"),
    ("word &#X394; word", "word &#X394; word"),
    ("word &# word", "word &#038;# word"),
    ("word &44; word", "word &44; word"),
    ("word &&amp; word", "word &#038;&amp; word"),
    ("word &!amp; word", "word &#038;!amp; word"),
    ("word &", "word &#038;"),
    # cockney
    ("word 'tain't word", "word &#8217;tain&#8217;t word"),
    ("word 'twere word", "word &#8217;twere word"),
    ("word 'twas word", "word &#8217;twas word"),
    ("word 'tis word", "word &#8217;tis word"),
    ("word 'twill word", "word &#8217;twill word"),
    ("word 'bout word", "word &#8217;bout word"),
    ("word 'nuff word", "word &#8217;nuff word"),
    ("word 'round word", "word &#8217;round word"),
    ("word 'em word", "word &#8217;em word"),
    # static replacements
    ("word ... word", "word &#8230; word"),
    ("word``word", "word&#8220;word"),
    ("word '' word", "word &#8221; word"),
    ("word (tm)word", "word &#8482;word"),
    # multiplication
    ("9x9", "9&#215;9"),
    ("-123x1=-123", "-123&#215;1=-123"),
    ("-123x-1", "-123x-1"),
    ("0.675x1=0.675", "0.675&#215;1=0.675"),
    ("9 x 9", "9 x 9"),
    ("0x70", "0x70"),
    ("3x2x1x0", "3x2x1x0"),
    # quotes and dashes
    ('word---"quote"', "word&#8212;&#8220;quote&#8221;"),
    ("word--'quote'", "word&#8211;&#8216;quote&#8217;"),
    ('"quote"--word', "&#8220;quote&#8221;&#8211;word"),
    ("'quote'-word", "&#8216;quote&#8217;-word"),
]


@pytest.mark.parametrize("text, expected", WORDPRESS_CASES)
def test_texturize_matches_wordpress(text, expected):
    assert texturize(text) == expected


def test_texturize_long_article_matches_wordpress():
    text = (
        'Pirates have voted on "The Expendables 3" with their clicks -- and it turns out the Sylvester '
        "Stallone-starrer hasn't been astoundingly popular.\n\n"
        'after "Captain America: The Winter Soldier" (7.31 million), "Divergent" (6.29 million) and '
        "that's despite the film's U.S. debut.\n\n"
        "String with a number followed by a single quote 'Expendables 3' vestibulum in arcu mi."
    )
    assert texturize(text) == (
        "Pirates have voted on &#8220;The Expendables 3&#8221; with their clicks &#8212; and it turns out the "
        "Sylvester Stallone-starrer hasn&#8217;t been astoundingly popular.\n\n"
        "after &#8220;Captain America: The Winter Soldier&#8221; (7.31 million), &#8220;Divergent&#8221; "
        "(6.29 million) and that&#8217;s despite the film&#8217;s U.S. debut.\n\n"
        "String with a number followed by a single quote &#8216;Expendables 3&#8217; vestibulum in arcu mi."
    )


# --------------------------------------------------------------------------
# texturize: tags, comments, no-texturize elements, shortcodes
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "<pre>---&</pre>",
        "<pre><code></code>--&</pre>",
        "<code>---&</code>",
        "<kbd>---&</kbd>",
        "<style>---&</style>",
        "<script>---&</script>",
        "<tt>---&</tt>",
        "<code>it's \"x\" -- y...</code>",
        '<pre class="wp-block-code"><code>don\'t "quote" -- me</code></pre>',
        '<code>curl -s <a href="http://x/">baba</a> | grep sfive | cut -d "\\"" -f 10 &gt; topmp3.txt</code>',
        '<pre>"baba"<code>"baba"<pre></pre></code>"baba"</pre>',
        '<pre></code>"baba"</pre>',
        "<span>hello<code>---</span>",
        "<code>hello<span>---</span>",
        "<code>hello</span>---</span>",
    ],
)
def test_no_texturize_elements_are_untouched(text):
    assert texturize(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ('<code>href="baba"</code> "baba"', '<code>href="baba"</code> &#8220;baba&#8221;'),
        ("<span>hello</code>---</span>", "<span>hello</code>&#8212;</span>"),
        ("</code>hello<span>---</span>", "</code>hello<span>&#8212;</span>"),
        ("<code>hello</code>---</span>", "<code>hello</code>&#8212;</span>"),
        ("<span><code>hello</code>---</span>", "<span><code>hello</code>&#8212;</span>"),
        ("<pre>x</pre>it's <code>'a'</code> it's", "<pre>x</pre>it&#8217;s <code>'a'</code> it&#8217;s"),
    ],
)
def test_texturize_resumes_after_no_texturize_element(text, expected):
    assert texturize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '<a href="/it\'s--here" title="Don\'t &quot;stop&quot; -- ...">Don\'t stop</a>',
            '<a href="/it\'s--here" title="Don\'t &quot;stop&quot; -- ...">Don&#8217;t stop</a>',
        ),
        (
            '<a href="https://example.com/?a=1&b=2">this & that</a>',
            '<a href="https://example.com/?a=1&b=2">this &#038; that</a>',
        ),
        (
            '<img src="http://example.com/wp-content/uploads/2014/06/image-300x216.gif" alt="It\'s" /> word',
            '<img src="http://example.com/wp-content/uploads/2014/06/image-300x216.gif" alt="It\'s" /> word',
        ),
        ("<!-- wp:paragraph {\"a\":\"it's\"} -->it's<!-- /wp:paragraph -->",
         "<!-- wp:paragraph {\"a\":\"it's\"} -->it&#8217;s<!-- /wp:paragraph -->"),
        ("<!--[if !IE]>--><!--<![endif]-->", "<!--[if !IE]>--><!--<![endif]-->"),
        ("<ul><li>Hello.</li><!--<li>Goodbye.</li>--></ul>", "<ul><li>Hello.</li><!--<li>Goodbye.</li>--></ul>"),
        ("...<!-- ... -->...", "&#8230;<!-- ... -->&#8230;"),
        ("<!-- ...", "<!-- ..."),
        ("a<!-- <!-- c --> -->b<!-- close -->", "a<!-- <!-- c --> &#8211;>b<!-- close -->"),
        ("<br ... />...<br ... />", "<br ... />&#8230;<br ... />"),
        ("<> ... < ... > ... <>", "<> &#8230; < ... > &#8230; <>"),
    ],
)
def test_texturize_leaves_tags_and_comments_alone(text, expected):
    assert texturize(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[ ... ]", "[ &#8230; ]"),
        ("[gallery ...]", "[gallery ...]"),
        ('[caption id="attachment_1" align="alignnone"]', '[caption id="attachment_1" align="alignnone"]'),
        ('[caption id="x"]<img src="a.jpg" /> It\'s "me"[/caption]',
         '[caption id="x"]<img src="a.jpg" /> It&#8217;s &#8220;me&#8221;[/caption]'),
        ("[[gallery ...]]", "[[gallery ...]]"),
        ("[gallery ...]...[gallery ...]", "[gallery ...]&#8230;[gallery ...]"),
        ("[[gallery]]...[[/gallery]]", "[[gallery]]&#8230;[[/gallery]]"),
        ("[gallery ...", "[gallery &#8230;"),
        ("[gallery <br ... /> ...]", "[gallery <br ... /> ...]"),
        ("<!-- <br /> [gallery] ... -->", "<!-- <br /> [gallery] ... -->"),
        ("[ do texturize \"[quote]\" here ]", "[ do texturize &#8220;[quote]&#8221; here ]"),
        ("[randomthing param=\"test\"]", "[randomthing param=&#8221;test&#8221;]"),
        ("[code ...]...[/code]", "[code &#8230;]&#8230;[/code]"),
    ],
)
def test_texturize_shortcodes_like_wordpress(text, expected):
    assert texturize(text) == expected


# --------------------------------------------------------------------------
# texturize: idempotence on already-texturized WordPress output
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Musk's \"new\" rocket -- isn't it 'cool'... 9' 9\" 1920x1080 & more (tm) '99",
        "<p>When it comes to productivity, we'll go -- fast.</p>\n<p>\"Quote\" 'single' ... end</p>",
        "He said, 'An average height is between 5' and 6'.' Then: \"stop\".",
        "A - B --- C xn--80ak6aa92e.com rock &amp; roll &nbsp; &#8217;",
        "<a href=\"/x?a=1&b=2\" title=\"it's\">Producers' picks</a> (7.31 million)",
        "<pre>it's \"raw\"</pre> it's done",
        "It\u2019s \u201calready\u201d curly \u2014 and\u2026",
        "He said, \"She told me 'no'\" today.",
        "The 'quoted'\" edge and 'this'(that) and x'[y]",
    ],
)
def test_texturize_is_idempotent(text):
    once = texturize(text)
    assert texturize(once) == once


def test_texturize_nested_quote_like_wordpress():
    # WordPress leaves the straight ' before a closing double quote; so do we,
    # and a second pass must not turn it into an apostrophe.
    once = texturize("He said, \"She told me 'no'\" today.")
    assert once == "He said, &#8220;She told me &#8216;no'&#8221; today."
    assert texturize(once) == once


def test_texturize_keeps_wordpress_output_unchanged():
    rendered = (
        "<p>When it comes to productivity, we&#8217;ll go &#8212; &#8220;fast&#8221; &#038; "
        "&#8216;far&#8217;&#8230; 9&#8242; 1920&#215;1080 &nbsp;&#8211; &amp;</p>"
    )
    assert texturize(rendered) == rendered


# --------------------------------------------------------------------------
# strip_tags
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "html, expected",
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("<script type=\"text/javascript\">alert('x')</script>Acme<style>p{}</style>", "Acme"),
        ("<SCRIPT>bad()</SCRIPT>ok", "ok"),
        ("a<!-- comment -->b", "ab"),
        ("<p>it&#8217;s &amp; &lt;tag&gt; &nbsp;</p>", "it&#8217;s &amp; &lt;tag&gt; &nbsp;"),
        ('<a title="a > b" href="#">link</a>', "link"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("  \n<p>padded</p>\t ", "padded"),
        ("", ""),
    ],
)
def test_strip_tags(html, expected):
    assert strip_tags(html) == expected


# --------------------------------------------------------------------------
# trim_words
# --------------------------------------------------------------------------

def test_trim_words_cuts_and_appends_more():
    assert trim_words("one two three four", 2) == "one two [&#8230;]"


def test_trim_words_exact_count_has_no_more():
    assert trim_words("one two three", 3) == "one two three"


def test_trim_words_fewer_words_has_no_more():
    assert trim_words("<p>one\n\ntwo</p>", 5) == "one two"


def test_trim_words_collapses_whitespace_runs():
    assert trim_words("a \t\r\n b\n\nc", 10) == "a b c"


def test_trim_words_custom_more():
    assert trim_words("a b c", 1, "&hellip;") == "a&hellip;"


def test_trim_words_nbsp_is_not_a_separator():
    assert trim_words(f"a{NBSP}b c&nbsp;d e", 2) == f"a{NBSP}b c&nbsp;d [&#8230;]"


def test_trim_words_strips_tags_first():
    assert trim_words("<p>one <em>two</em></p>\n<p>three</p>", 2) == "one two [&#8230;]"


def test_trim_words_does_not_add_spaces_where_tags_were():
    # Like WordPress: adjacent blocks without whitespace run together.
    assert trim_words("<p>one</p><p>two</p>") == "onetwo"


# --------------------------------------------------------------------------
# excerpt
# --------------------------------------------------------------------------

def test_excerpt_brief_example():
    html = (
        "\n<hr class=\"wp-block-separator\"/>\n\n"
        "<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\n"
        "https://youtube.com/shorts/abc\n"
        "</div></figure>\n\n"
        "<p>When it comes to productivity, we&#8217;ll go</p>"
    )
    assert excerpt(html) == "When it comes to productivity, we&#8217;ll go"


def _words(count, start=1):
    return " ".join(f"w{n}" for n in range(start, start + count))


def test_excerpt_more_than_55_words_is_cut():
    html = f"<p>{_words(40)}</p>\n\n<p>{_words(30, 41)}</p>"
    assert excerpt(html) == _words(55) + " [&#8230;]"


def test_excerpt_fewer_than_55_words_is_whole():
    html = f"<p>{_words(20)}</p>"
    assert excerpt(html) == _words(20)


def test_excerpt_exactly_55_words_has_no_ellipsis():
    html = f"<p>{_words(30)}</p>\n<p>{_words(25, 31)}</p>"
    assert excerpt(html) == _words(55)


def test_excerpt_custom_word_count():
    assert excerpt("<p>one two three four</p>", 3) == "one two three [&#8230;]"


def test_excerpt_removes_block_comments_figures_and_media():
    html = (
        "<!-- wp:paragraph -->\n<p>Intro text.</p>\n<!-- /wp:paragraph -->\n"
        "<!-- wp:image {\"id\":5} -->\n"
        "<figure class=\"wp-block-image\"><img src=\"a.jpg\" alt=\"Alt words\"/>"
        "<figcaption>Caption words</figcaption></figure>\n<!-- /wp:image -->\n"
        "<div class=\"wp-block-image\"><figure class=\"aligncenter\"><img src=\"b.jpg\"/>"
        "<figcaption>Old caption</figcaption></figure></div>\n"
        "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">"
        "<iframe src=\"https://www.youtube.com/embed/x\">Fallback text</iframe></div></figure>\n"
        "<iframe src=\"https://w.soundcloud.com/player\">No frames</iframe>\n"
        "<video controls src=\"v.mp4\">Video fallback</video>\n"
        "<audio controls><source src=\"a.mp3\"/>Audio fallback</audio>\n"
        "<p>Outro <img src=\"c.jpg\" alt=\"inline\"/>text.</p><hr/>"
    )
    assert excerpt(html) == "Intro text. Outro text."


def test_excerpt_removes_nested_gallery_figures():
    html = (
        "<p>Start.</p>\n<figure class=\"wp-block-gallery\"><figure class=\"wp-block-image\"><img src=\"a.jpg\"/>"
        "<figcaption>Inner</figcaption></figure><figcaption>Gallery caption</figcaption></figure>\n<p>End.</p>"
    )
    assert excerpt(html) == "Start. End."


def test_excerpt_keeps_plain_divs_and_nested_markup():
    html = (
        "<div class=\"entry\"><p>Keep <strong>this</strong>.</p>"
        "<div class=\"wp-block-image\"><div class=\"inner\"><img src=\"x.jpg\"/>Drop</div></div>\n"
        "<p>And this.</p></div>"
    )
    assert excerpt(html) == "Keep this. And this."


def test_excerpt_keeps_table_and_pullquote_figures():
    html = (
        "<figure class=\"wp-block-table\"><table><tr><td>Cell</td></tr></table></figure>\n"
        "<figure class=\"wp-block-pullquote\"><blockquote><p>Pulled</p></blockquote></figure>"
    )
    assert excerpt(html) == "Cell Pulled"


def test_excerpt_removes_shortcodes():
    html = (
        "<p>Before [gallery ids=\"1,2\"] middle "
        "[caption id=\"c1\"]<img src=\"x.jpg\"/> Caption text[/caption] "
        "[contact-form-7 id=\"12\" title=\"Contact\"] [myplugin]inner[/myplugin] after [sic].</p>"
    )
    assert excerpt(html) == "Before middle after [sic]."


def test_excerpt_unescapes_escaped_shortcode():
    assert excerpt("<p>Use [[gallery]] here.</p>") == "Use [gallery] here."


def test_excerpt_keeps_entities_and_applies_typography():
    html = "<p>Rock &amp; roll, it's &#8220;done&#8221; &nbsp;-- ok & go</p>"
    assert excerpt(html) == "Rock &amp; roll, it&#8217;s &#8220;done&#8221; &nbsp;&#8212; ok &#038; go"


def test_excerpt_drops_script_and_style():
    assert excerpt("<style>.a{}</style><p>Text</p><script>var a = 'b';</script>") == "Text"


def test_excerpt_of_empty_html():
    assert excerpt("") == ""


# --------------------------------------------------------------------------
# escape_text
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("Plain title", "Plain title"),
        ("Rock & Roll", "Rock &amp; Roll"),
        ("Rock &amp; Roll", "Rock &amp; Roll"),
        ("Musk&#8217;s &#x2019; &nbsp;", "Musk&#8217;s &#x2019; &nbsp;"),
        ("<b>\"quoted\" it's</b>", "&lt;b&gt;&quot;quoted&quot; it&#039;s&lt;/b&gt;"),
        ("&#038; &#38; &#0038;", "&#038; &#038; &#038;"),
        ("&#X2019;", "&#x2019;"),
        ("&bogus; &#1; &#xD800;", "&amp;bogus; &amp;#1; &amp;#xD800;"),
        ("&apos; &hellip; &rsquo;", "&apos; &hellip; &rsquo;"),
        ("AT&T", "AT&amp;T"),
        ("& ;", "&amp; ;"),
    ],
)
def test_escape_text(text, expected):
    assert escape_text(text) == expected


def test_escape_text_is_idempotent():
    once = escape_text("Tom & Jerry's <\"show\"> &#8217;")
    assert escape_text(once) == once


# --------------------------------------------------------------------------
# clean_xml_chars
# --------------------------------------------------------------------------

def test_clean_xml_chars_removes_invalid_characters():
    text = "a\x00b\x08c\x0bd\x0ce\x1ff\ufffeg\uffffh\ud800i\udfffj"
    assert clean_xml_chars(text) == "abcdefghij"


def test_clean_xml_chars_keeps_valid_characters():
    text = "tab\there\nline\rret \u00a0\u2019\ufffd\U0001f3b5 &#8217;"
    assert clean_xml_chars(text) == text


def test_excerpt_skips_gutenberg_lists_but_keeps_markdown_lists():
    gutenberg = ('<p><strong>Five steps</strong></p>\n<ol class="wp-block-list">\n<li><strong>Question</strong>:\n'
                 '<ul class="wp-block-list">\n<li>Deep item</li>\n</ul>\n</li>\n</ol>\n<p>After the list.</p>')
    assert excerpt(gutenberg) == "Five steps After the list."
    assert excerpt("<p>Intro</p>\n<ul>\n<li>kept item</li>\n</ul>") == "Intro kept item"


# --------------------------------------------------------------------------
# autop: WordPress's expectations for wpautop()
# (tests/phpunit/tests/formatting/Functions_WpAutop_Test.php), then our own
# --------------------------------------------------------------------------

FIRST_POST = """
Welcome to WordPress!  This post contains important information.  After you read it, you can make it private to hide it from visitors but still have the information handy for future reference.

First things first:
<ul>
<li><a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Subscribe to the WordPress mailing list for release notifications</a></li>
</ul>
As a subscriber, you will receive an email every time an update is available (and only then).  This will make it easier to keep your site up to date, and secure from evildoers.
When a new version is released, <a href="%2$s" title="If you are already logged in, this will take you directly to the Dashboard">log in to the Dashboard</a> and follow the instructions.
Upgrading is a couple of clicks!

Then you can start enjoying the WordPress experience:
<ul>
<li>Edit your personal information at <a href="%3$s" title="Edit settings like your password, your display name and your contact information">Users &#8250; Profile</a></li>
<li>Start publishing at <a href="%4$s" title="Create a new post">Posts &#8250; Add New</a> and at <a href="%5$s" title="Create a new page">Pages &#8250; Add New</a></li>
</ul>
To keep this post for reference, <a href="%11$s" title="Click to edit the content and settings of this post">click to edit it</a>, go to the Publish box and change its Visibility from Public to Private.

Thank you for selecting WordPress.  We wish you happy publishing!

PS.  Not yet subscribed for update notifications?  <a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Do it now!</a>
"""

FIRST_POST_AUTOP = """<p>Welcome to WordPress!  This post contains important information.  After you read it, you can make it private to hide it from visitors but still have the information handy for future reference.</p>
<p>First things first:</p>
<ul>
<li><a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Subscribe to the WordPress mailing list for release notifications</a></li>
</ul>
<p>As a subscriber, you will receive an email every time an update is available (and only then).  This will make it easier to keep your site up to date, and secure from evildoers.<br />
When a new version is released, <a href="%2$s" title="If you are already logged in, this will take you directly to the Dashboard">log in to the Dashboard</a> and follow the instructions.<br />
Upgrading is a couple of clicks!</p>
<p>Then you can start enjoying the WordPress experience:</p>
<ul>
<li>Edit your personal information at <a href="%3$s" title="Edit settings like your password, your display name and your contact information">Users &#8250; Profile</a></li>
<li>Start publishing at <a href="%4$s" title="Create a new post">Posts &#8250; Add New</a> and at <a href="%5$s" title="Create a new page">Pages &#8250; Add New</a></li>
</ul>
<p>To keep this post for reference, <a href="%11$s" title="Click to edit the content and settings of this post">click to edit it</a>, go to the Publish box and change its Visibility from Public to Private.</p>
<p>Thank you for selecting WordPress.  We wish you happy publishing!</p>
<p>PS.  Not yet subscribed for update notifications?  <a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Do it now!</a></p>
"""


def test_autop_first_post():
    assert autop(FIRST_POST) == FIRST_POST_AUTOP


def test_autop_leaves_pre_elements_alone():
    code = "function f(a) {\n\n\treturn a &lt; 2;\n}\n"
    assert autop(f"<pre>{code}</pre>").strip() == f"<pre>{code}</pre>"
    assert autop(f"Look at this code\n\n<pre>{code}</pre>\n\nIsn't that cool?").strip() == (
        f"<p>Look at this code</p>\n<pre>{code}</pre>\n<p>Isn't that cool?</p>")
    text = ("Look at this code\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>"
            "\n\nCool, huh?")
    assert autop(text).strip() == (
        "<p>Look at this code</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n"
        "<p>Cool, huh?</p>")


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Username: <input type="text" id="username" name="username" /><br />'
         'Password: <input type="password" id="password1" name="password1" />',
         '<p>Username: <input type="text" id="username" name="username" /><br />'
         'Password: <input type="password" id="password1" name="password1" /></p>'),
        ("<math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup></mrow></math>",
         "<p><math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup>"
         "</mrow></math></p>"),
        ('Country: <select id="state" name="state"><option value="1">Alabama</option>'
         '<option value="2">Alaska</option></select>',
         '<p>Country: <select id="state" name="state"><option value="1">Alabama</option>'
         '<option value="2">Alaska</option></select></p>'),
        ("<blockquote>foo</blockquote>", "<blockquote><p>foo</p></blockquote>"),
        ("a<div>b</div>", "<p>a</p>\n<div>b</div>"),
        ("paragraph1<hr>paragraph2", "<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>"),
        ('<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
         '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>'),
        ('<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>',
         '<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>'),
        ("\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n",
         "<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>"),
        ("\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n", "<p>line 1</p>\n<p>line 2</p>"),
    ],
)
def test_autop_wordpress_cases(text, expected):
    assert autop(text).strip() == expected


@pytest.mark.parametrize(
    "text",
    [
        '<math display="block">\n\t<mtable>\n\t\t<mtr>\n\t\t\t<mtd><msup><mi>c</mi><mn>2</mn></msup></mtd>\n'
        "\t\t</mtr>\n\t</mtable>\n</math>",
        '<svg xmlns="http://www.w3.org/2000/svg">\n\t\t\t\t<circle cx="50" cy="50" r="30" fill="blue">\n'
        '\t\t\t\t\t<animateTransform attributeName="transform" type="scale" to="1.5" dur="2s" fill="freeze"/>\n'
        "\t\t\t\t</circle>\n\t\t\t</svg>",
        '<script type="text/javascript">\n\t\t\t\tvar dummy = 1;\n\t\t\t</script>',
    ],
)
def test_autop_keeps_newlines_inside_math_svg_and_script(text):
    assert autop(text).strip() == f"<p>{text}</p>"


VIDEO_URL = "http://domain.tld/wp-content/uploads/2013/12/xyz.mp4"
VIDEO_OPEN = ('<video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" '
              'controls="controls">')
VIDEO_CHILDREN = [
    f'<source type="video/mp4" src="{VIDEO_URL}" />',
    "<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->",
    '<source type="video/webm" src="myvideo.webm" />',
    "<!-- Optional: Add subtitles for each language -->",
    '<track kind="subtitles" src="subtitles.srt" srclang="en" />',
    f'<a href="{VIDEO_URL}">{VIDEO_URL}</a>',
]
VIDEO_AUTOP = ("<p>Paragraph one.</p>\n<p>" + VIDEO_OPEN + "".join(VIDEO_CHILDREN)
               + "</video></p>\n<p>Paragraph two.</p>")


@pytest.mark.parametrize("separator", ["\n\t\t\t\t", "\n\n\t\t\t"])
def test_autop_does_not_break_around_source_and_track(separator):
    text = ("Paragraph one.\n\n" + VIDEO_OPEN + separator + separator.join(VIDEO_CHILDREN)
            + "\n\t\t\t</video>\n\nParagraph two.")
    assert autop(text).strip() == VIDEO_AUTOP


def test_autop_does_not_break_inside_a_video_shortcode_with_sources():
    text = (f'Paragraph one.\n\n[video width="720" height="480" mp4="{VIDEO_URL}"]\n'
            '\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n'
            '\t\t\t<source type="video/webm" src="myvideo.webm" />\n'
            '\t\t\t<track kind="chapters" src="chapters.srt" srclang="en" />\n'
            "\t\t\t[/video]\n\nParagraph two.")
    assert autop(text).strip() == (
        f'<p>Paragraph one.</p>\n<p>[video width="720" height="480" mp4="{VIDEO_URL}"]'
        '<!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type="video/webm" src="myvideo.webm" />'
        '<track kind="chapters" src="chapters.srt" srclang="en" />[/video]</p>\n<p>Paragraph two.</p>')


def test_autop_does_not_break_around_param_and_embed():
    swf = "http://domain.tld/wp-content/uploads/2013/12/xyz.swf"
    text = (f'\nParagraph one.\n\n<object width="400" height="224">\n\t<param name="src" value="{swf}" />\n'
            '\t<param name="allowfullscreen" value="true" />\n\n'
            f'\t<embed width="400" height="224" type="application/x-shockwave-flash" src="{swf}" />\n'
            "</object>\n\nParagraph two.")
    assert autop(text).strip() == (
        f'<p>Paragraph one.</p>\n<p><object width="400" height="224"><param name="src" value="{swf}" />'
        '<param name="allowfullscreen" value="true" />'
        f'<embed width="400" height="224" type="application/x-shockwave-flash" src="{swf}" /></object></p>\n'
        "<p>Paragraph two.</p>")
    nested = ('\nParagraph one.\n\n<div class="video-player" id="x-video-0">\n<object id="video-0">\n'
              f'  <param name="movie" value="{swf}" />\n\n'
              f'  <!--[if !IE]--><object type="application/x-shockwave-flash" data="{swf}">\n'
              '    <param name="quality" value="best" />\n  </object><!--<![endif]-->\n</object></div>\n\n'
              "Paragraph two.")
    assert autop(nested).strip() == (
        '<p>Paragraph one.</p>\n<div class="video-player" id="x-video-0">\n<object id="video-0">'
        f'<param name="movie" value="{swf}" />'
        f'<!--[if !IE]--><object type="application/x-shockwave-flash" data="{swf}">'
        '<param name="quality" value="best" /></object><!--<![endif]--></object></div>\n<p>Paragraph two.</p>')


AUTOP_BLOCKS = ("table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre form map area "
                "address style p h1 h2 h3 h4 h5 h6 fieldset legend section article aside hgroup header footer "
                "nav figure details menu summary").split()


def test_autop_treats_block_elements_as_blocks():
    content = [f"<{block}>foo</{block}>" for block in AUTOP_BLOCKS]
    assert autop("\n\n".join(content)).strip() == "\n".join(content)
    assert autop("".join(content)).strip() == "\n".join(content)
    empty = [f"<{block}/>" for block in AUTOP_BLOCKS]
    assert autop("".join(empty)).strip() == "\n".join(empty)
    with_attributes = [f"<{block} attr='value'>foo</{block}>" for block in AUTOP_BLOCKS]
    assert autop("".join(with_attributes)).strip() == "\n".join(with_attributes)


def test_autop_treats_inline_elements_as_inline():
    inlines = ("a em strong small s cite q dfn abbr data time code var samp kbd sub sup i b u mark span del ins "
               "noscript select").split()
    text = "\n\n".join(f"<{name}>foo</{name}>" for name in inlines)
    assert autop(text).strip() == "\n".join(f"<p><{name}>foo</{name}></p>" for name in inlines)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n"),
        ("Hello <!-- a\nhref='world' -->", "<p>Hello <!-- a\nhref='world' --></p>\n"),
        ("Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n -->",
         "<p>Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n"),
        ("Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]>",
         "<p>Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]></p>\n"),
        ("Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]>",
         "<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]></p>\n"),
    ],
)
def test_autop_keeps_newlines_inside_tags_and_comments(text, expected):
    assert autop(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ""),
        (" \n\t\n ", ""),
        ("One\n\nTwo\nthree", "<p>One</p>\n<p>Two<br />\nthree</p>\n"),
        ("One\r\n\r\nTwo\r\nthree", "<p>One</p>\n<p>Two<br />\nthree</p>\n"),
        ("<p>Already wrapped.</p>\n<p>Twice.</p>", "<p>Already wrapped.</p>\n<p>Twice.</p>\n"),
        ("Text <em>with\nbreak</em> inline.", "<p>Text <em>with<br />\nbreak</em> inline.</p>\n"),
        ("<h2>Title</h2>\nBody line one\nline two\n\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>",
         "<h2>Title</h2>\n<p>Body line one<br />\nline two</p>\n<ul>\n<li>One</li>\n<li>Two</li>\n</ul>\n"),
        ("Look:\n<pre>a\n\nb</pre>\nafter\n<pre>c</pre>",
         "<p>Look:</p>\n<pre>a\n\nb</pre>\n<p>after</p>\n<pre>c</pre>\n"),
        ("Before\n\n<!-- a\n\nb -->\n\nAfter", "<p>Before</p>\n<p><!-- a\n\nb --></p>\n<p>After</p>\n"),
        ("<style>\np { color: red }\nh1 { }\n</style>\nText", "<style>\np { color: red }\nh1 { }\n</style>\n<p>Text</p>\n"),
        ('[gallery ids="1,2"]\n\nText', '<p>[gallery ids="1,2"]</p>\n<p>Text</p>\n'),
        # As in WordPress: a <textarea> is inline, its newlines get <br /> too.
        ("<textarea>a\nb</textarea>", "<p><textarea>a<br />\nb</textarea></p>\n"),
    ],
)
def test_autop_exact_output(text, expected):
    assert autop(text) == expected


def test_autop_without_br_keeps_single_newlines():
    assert autop("One\n\nTwo\nthree", br=False) == "<p>One</p>\n<p>Two\nthree</p>\n"


# --------------------------------------------------------------------------
# texturize: WordPress's cases around spaces and &nbsp;, method by method
# (wordpress-develop tests/phpunit/tests/formatting/wpTexturize.php)
# --------------------------------------------------------------------------

WPTEXTURIZE_SPACES = [
    # test_entity_quote_cuddling
    ("test_entity_quote_cuddling", '&nbsp;"Testing"', "&nbsp;&#8220;Testing&#8221;"),
    # test_spaces_around_hyphens
    ("test_spaces_around_hyphens", " - ", " &#8211; "),
    ("test_spaces_around_hyphens", "&nbsp;-&nbsp;", "&nbsp;&#8211;&nbsp;"),
    ("test_spaces_around_hyphens", " -&nbsp;", " &#8211;&nbsp;"),
    ("test_spaces_around_hyphens", "&nbsp;- ", "&nbsp;&#8211; "),
    ("test_spaces_around_hyphens", f"{NBSP}-{NBSP}", f"{NBSP}&#8211;{NBSP}"),
    ("test_spaces_around_hyphens", f" -{NBSP}", f" &#8211;{NBSP}"),
    ("test_spaces_around_hyphens", f"{NBSP}- ", f"{NBSP}&#8211; "),
    ("test_spaces_around_hyphens", " -- ", " &#8212; "),
    ("test_spaces_around_hyphens", "&nbsp;--&nbsp;", "&nbsp;&#8212;&nbsp;"),
    ("test_spaces_around_hyphens", " --&nbsp;", " &#8212;&nbsp;"),
    ("test_spaces_around_hyphens", "&nbsp;-- ", "&nbsp;&#8212; "),
    ("test_spaces_around_hyphens", f"{NBSP}--{NBSP}", f"{NBSP}&#8212;{NBSP}"),
    ("test_spaces_around_hyphens", f" --{NBSP}", f" &#8212;{NBSP}"),
    ("test_spaces_around_hyphens", f"{NBSP}-- ", f"{NBSP}&#8212; "),
    # test_hyphens_at_start_and_end
    ("test_hyphens_at_start_and_end", "- ", "&#8211; "),
    ("test_hyphens_at_start_and_end", "- -", "&#8211; &#8211;"),
    ("test_hyphens_at_start_and_end", " -", " &#8211;"),
    ("test_hyphens_at_start_and_end", "-- ", "&#8212; "),
    ("test_hyphens_at_start_and_end", "-- --", "&#8212; &#8212;"),
    ("test_hyphens_at_start_and_end", " --", " &#8212;"),
    # test_spaces_around_quotes (data_spaces_around_quotes)
    ("test_spaces_around_quotes", f'stop. {NBSP}"A quote after 2 spaces."',
     f"stop. {NBSP}&#8220;A quote after 2 spaces.&#8221;"),
    ("test_spaces_around_quotes", f'stop.{NBSP}{NBSP}"A quote after 2 spaces."',
     f"stop.{NBSP}{NBSP}&#8220;A quote after 2 spaces.&#8221;"),
    ("test_spaces_around_quotes", f"stop. {NBSP}'A quote after 2 spaces.'",
     f"stop. {NBSP}&#8216;A quote after 2 spaces.&#8217;"),
    ("test_spaces_around_quotes", f"stop.{NBSP}{NBSP}'A quote after 2 spaces.'",
     f"stop.{NBSP}{NBSP}&#8216;A quote after 2 spaces.&#8217;"),
    ("test_spaces_around_quotes", 'stop. &nbsp;"A quote after 2 spaces."',
     "stop. &nbsp;&#8220;A quote after 2 spaces.&#8221;"),
    ("test_spaces_around_quotes", 'stop.&nbsp;&nbsp;"A quote after 2 spaces."',
     "stop.&nbsp;&nbsp;&#8220;A quote after 2 spaces.&#8221;"),
    ("test_spaces_around_quotes", "stop. &nbsp;'A quote after 2 spaces.'",
     "stop. &nbsp;&#8216;A quote after 2 spaces.&#8217;"),
    ("test_spaces_around_quotes", "stop.&nbsp;&nbsp;'A quote after 2 spaces.'",
     "stop.&nbsp;&nbsp;&#8216;A quote after 2 spaces.&#8217;"),
    ("test_spaces_around_quotes", "Contraction: \u03a0's", "Contraction: \u03a0&#8217;s"),
    # test_ampersand (data_ampersand)
    ("test_ampersand", "word & word", "word &#038; word"),
    ("test_ampersand", "word&word", "word&#038;word"),
    ("test_ampersand", "word &nbsp; word", "word &nbsp; word"),
    ("test_ampersand", "word &#038; word", "word &#038; word"),
    ("test_ampersand", "word &#xabc; word", "word &#xabc; word"),
    ("test_ampersand", "word &#X394; word", "word &#X394; word"),
    ("test_ampersand", "word &# word", "word &#038;# word"),
    ("test_ampersand", "word &44; word", "word &44; word"),
    ("test_ampersand", "word &&amp; word", "word &#038;&amp; word"),
    ("test_ampersand", "word &!amp; word", "word &#038;!amp; word"),
    ("test_ampersand", "word &#", "word &#038;#"),
    ("test_ampersand", "word &", "word &#038;"),
    # test_smart_dashes (data_smart_dashes)
    ("test_smart_dashes", "word xn&#8211; word", "word xn&#8211; word"),
    ("test_smart_dashes", "wordxn&#8211;word", "wordxn&#8211;word"),
    ("test_smart_dashes", "wordxn--word", "wordxn--word"),
    # test_misc_static_replacements
    ("test_misc_static_replacements", "word...word", "word&#8230;word"),
    ("test_misc_static_replacements", "word `` word", "word &#8220; word"),
    ("test_misc_static_replacements", "word''word", "word&#8221;word"),
    ("test_misc_static_replacements", "word (tm) word", "word &#8482; word"),
    ("test_misc_static_replacements", "word(tm) word", "word(tm) word"),
    ("test_misc_static_replacements", "word(tm)word", "word(tm)word"),
    # test_quoted_numbers
    ("test_quoted_numbers", 'word "42.00"word', "word &#8220;42.00&#8221;word"),
    ("test_quoted_numbers", "word '42.00' word", "word &#8216;42.00&#8217; word"),
    ("test_quoted_numbers", 'word "42" word', "word &#8220;42&#8221; word"),
    ("test_quoted_numbers", 'word "42,00" word', "word &#8220;42,00&#8221; word"),
    ("test_quoted_numbers", "word '99's word", "word &#8217;99&#8217;s word"),
    # test_quotes_and_dashes
    ("test_quotes_and_dashes", 'word--"quote"', "word&#8211;&#8220;quote&#8221;"),
    ("test_quotes_and_dashes", 'word-"quote"', "word-&#8220;quote&#8221;"),
    ("test_quotes_and_dashes", "word---'quote'", "word&#8212;&#8216;quote&#8217;"),
    ("test_quotes_and_dashes", "word-'quote'", "word-&#8216;quote&#8217;"),
    ("test_quotes_and_dashes", '"quote"---word', "&#8220;quote&#8221;&#8212;word"),
    ("test_quotes_and_dashes", '"quote"-word', "&#8220;quote&#8221;-word"),
    ("test_quotes_and_dashes", "'quote'---word", "&#8216;quote&#8217;&#8212;word"),
    ("test_quotes_and_dashes", "'quote'--word", "&#8216;quote&#8217;&#8211;word"),
    # test_year_abbr
    ("test_year_abbr", "word '99, word", "word &#8217;99, word"),
    ("test_year_abbr", "word '99; word", "word &#8217;99; word"),
    ("test_year_abbr", "word '99'. word", "word &#8217;99&#8217;. word"),
    ("test_year_abbr", "word '99', word", "word &#8217;99&#8217;, word"),
    ("test_year_abbr", "word '99", "word &#8217;99"),
    ("test_year_abbr", "'99 word", "&#8217;99 word"),
    ("test_year_abbr", "word '999", "word &#8216;999"),
    ("test_year_abbr", "word '9", "word &#8216;9"),
    # test_element_stack (data_element_stack)
    ("test_element_stack", "<span>hello</code>---</span>", "<span>hello</code>&#8212;</span>"),
    ("test_element_stack", "</code>hello<span>---</span>", "</code>hello<span>&#8212;</span>"),
    ("test_element_stack", "<code>hello</code>---</span>", "<code>hello</code>&#8212;</span>"),
    ("test_element_stack", "<span>hello</span>---<code>", "<span>hello</span>&#8212;<code>"),
    ("test_element_stack", "<span>hello<code>---</span>", "<span>hello<code>---</span>"),
    ("test_element_stack", "<code>hello<span>---</span>", "<code>hello<span>---</span>"),
    ("test_element_stack", "<code>hello</span>---</span>", "<code>hello</span>---</span>"),
    ("test_element_stack", "<span><code>hello</code>---</span>", "<span><code>hello</code>&#8212;</span>"),
    ("test_element_stack", "<code>hello</code>world<span>---</span>", "<code>hello</code>world<span>&#8212;</span>"),
    # test_primes_vs_quotes
    ("test_primes_vs_quotes", 'according to our source, "33% of all students scored less than 50" on the test.',
     "according to our source, &#8220;33% of all students scored less than 50&#8221; on the test."),
    # test_trailing_less_than
    ("test_trailing_less_than", "F--oo<", "F&#8211;oo<"),
]


@pytest.mark.parametrize("method, text, expected", WPTEXTURIZE_SPACES,
                         ids=[f"{m}-{i}" for i, (m, *_) in enumerate(WPTEXTURIZE_SPACES)])
def test_texturize_wordpress_methods(method, text, expected):
    assert texturize(text) == expected


def test_texturize_never_turns_a_quote_after_nbsp_into_a_closing_quote():
    # test_spaces_around_quotes_never: "$nbsp\"A" must not become "$nbsp&#8221;A"
    assert texturize(f'{NBSP}"A') != f"{NBSP}&#8221;A"
