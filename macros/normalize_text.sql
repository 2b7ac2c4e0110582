{#-
    The matching key for affiliation strings and aliases: lower case, accents
    folded, "&" spelled "and", every run of other characters one space, a
    footnote digit glued to the end of a word of four or more letters dropped
    ("ByteDance4", "Stanford University1" as metadata exports print them;
    "Data61", "Core42" and "G42" keep theirs), an accent cut off its letter by
    PDF text extraction rejoined, and the British "centre" spelt "center"
    ("Samsung AI Centre" is the alias "Samsung AI Center"), and mojibake
    repaired first ("UniversitÃ¤t" is "Universität", macro repair_mojibake).
    "Technische Universität München" -> "technische universitat munchen".
    ingest/warehouse/seeds/common.py normalize() is the Python twin (same accent
    table), used by the seed tools to find shared and colliding names.
-#}
{% macro normalize_text(expression) -%}
    trim(replace(replace(' ' || {{ drop_footnote_digits(regexp_replace_all(
        "replace(" ~ fold_accents(join_spacing_accents(repair_mojibake(expression)))
        ~ ", '&', ' and ')",
        "'[^a-z0-9]+'", "' '"
    )) }} || ' ', ' centre ', ' center '), ' centres ', ' centers '))
{%- endmacro %}

{#- A spacing accent is the accent of a letter that PDF text extraction cut
    off ("S ˜ao Paulo", "Z ¨urich", "Koc ¸ University"): it goes, with the
    spaces before it, so the word is whole again ("Sao", "Zurich", "Koc"). -#}
{% macro join_spacing_accents(expression) -%}
    {{ regexp_replace_all(expression, "'[ ]*[¨´¸ˆˇ˘˙˚˜˝]'", "''") }}
{%- endmacro %}

{#- Words separated by single spaces in, the same words out without a single
    digit glued to four letters. The engines spell the group reference
    differently (\1 in DuckDB, $1 in Spark). -#}
{% macro drop_footnote_digits(expression) -%}
    {{ return(adapter.dispatch('drop_footnote_digits')(expression)) }}
{%- endmacro %}
{% macro default__drop_footnote_digits(expression) -%}
    regexp_replace({{ expression }}, '([a-z]{4})[0-9]( |$)', '\1\2', 'g')
{%- endmacro %}
{% macro spark__drop_footnote_digits(expression) -%}
    regexp_replace({{ expression }}, '([a-z]{4})[0-9]( |$)', '$1$2')
{%- endmacro %}

{#- Mojibake: UTF-8 text once read as Windows-1252 ("UniversitÃ¤t TÃ¼bingen",
    "WrocÅ‚aw"), as exports and old forms print it. Each letter's two garbled
    characters become the letter again, before accents are folded; the pairs
    (Latin-1 letters and the Latin Extended-A letters of Polish, Czech,
    Turkish, Hungarian and Romanian names) were generated with Python's codecs,
    and ingest/warehouse/seeds/common.py MOJIBAKE is the same table. Only a
    string holding a lead character (Ã, Ä, Å) is rewritten. -#}
{% macro repair_mojibake(expression) -%}
    {%- set pairs = [
        ('Ã€', 'À'),
        ('Ã‚', 'Â'),
        ('Ãƒ', 'Ã'),
        ('Ã„', 'Ä'),
        ('Ã…', 'Å'),
        ('Ã†', 'Æ'),
        ('Ã‡', 'Ç'),
        ('Ãˆ', 'È'),
        ('Ã‰', 'É'),
        ('ÃŠ', 'Ê'),
        ('Ã‹', 'Ë'),
        ('ÃŒ', 'Ì'),
        ('ÃŽ', 'Î'),
        ('Ã‘', 'Ñ'),
        ('Ã’', 'Ò'),
        ('Ã“', 'Ó'),
        ('Ã”', 'Ô'),
        ('Ã•', 'Õ'),
        ('Ã–', 'Ö'),
        ('Ã˜', 'Ø'),
        ('Ã™', 'Ù'),
        ('Ãš', 'Ú'),
        ('Ã›', 'Û'),
        ('Ãœ', 'Ü'),
        ('Ãž', 'Þ'),
        ('ÃŸ', 'ß'),
        ('Ã ', 'à'),
        ('Ã¡', 'á'),
        ('Ã¢', 'â'),
        ('Ã£', 'ã'),
        ('Ã¤', 'ä'),
        ('Ã¥', 'å'),
        ('Ã¦', 'æ'),
        ('Ã§', 'ç'),
        ('Ã¨', 'è'),
        ('Ã©', 'é'),
        ('Ãª', 'ê'),
        ('Ã«', 'ë'),
        ('Ã¬', 'ì'),
        ('Ã­', 'í'),
        ('Ã®', 'î'),
        ('Ã¯', 'ï'),
        ('Ã°', 'ð'),
        ('Ã±', 'ñ'),
        ('Ã²', 'ò'),
        ('Ã³', 'ó'),
        ('Ã´', 'ô'),
        ('Ãµ', 'õ'),
        ('Ã¶', 'ö'),
        ('Ã¸', 'ø'),
        ('Ã¹', 'ù'),
        ('Ãº', 'ú'),
        ('Ã»', 'û'),
        ('Ã¼', 'ü'),
        ('Ã½', 'ý'),
        ('Ã¾', 'þ'),
        ('Ã¿', 'ÿ'),
        ('Äƒ', 'ă'),
        ('Ä…', 'ą'),
        ('Ä‡', 'ć'),
        ('Ä™', 'ę'),
        ('Ä›', 'ě'),
        ('ÄŸ', 'ğ'),
        ('Ä±', 'ı'),
        ('Äº', 'ĺ'),
        ('Ä¾', 'ľ'),
        ('Å‚', 'ł'),
        ('Å„', 'ń'),
        ('Åˆ', 'ň'),
        ('Å‘', 'ő'),
        ('Å™', 'ř'),
        ('Å›', 'ś'),
        ('ÅŸ', 'ş'),
        ('Å¡', 'š'),
        ('Å¥', 'ť'),
        ('Å¯', 'ů'),
        ('Å±', 'ű'),
        ('Åº', 'ź'),
        ('Å¼', 'ż'),
        ('Å¾', 'ž'),
        ('Ä‚', 'Ă'),
        ('Ä„', 'Ą'),
        ('Ä†', 'Ć'),
        ('ÄŒ', 'Č'),
        ('ÄŽ', 'Ď'),
        ('Ä˜', 'Ę'),
        ('Äš', 'Ě'),
        ('Äž', 'Ğ'),
        ('Ä°', 'İ'),
        ('Ä¹', 'Ĺ'),
        ('Ä½', 'Ľ'),
        ('Åƒ', 'Ń'),
        ('Å‡', 'Ň'),
        ('Å˜', 'Ř'),
        ('Åš', 'Ś'),
        ('Åž', 'Ş'),
        ('Å ', 'Š'),
        ('Å¤', 'Ť'),
        ('Å®', 'Ů'),
        ('Å°', 'Ű'),
        ('Å¹', 'Ź'),
        ('Å»', 'Ż'),
        ('Å½', 'Ž')
    ] -%}
    {%- set repaired = namespace(sql=expression) -%}
    {%- for garbled, letter in pairs -%}
        {%- set repaired.sql = "replace(" ~ repaired.sql ~ ", '" ~ garbled ~ "', '" ~ letter ~ "')" -%}
    {%- endfor -%}
    case
        when
            {{ expression }} like '%Ã%'
            or {{ expression }} like '%Ä%'
            or {{ expression }} like '%Å%'
            then {{ repaired.sql }}
        else {{ expression }}
    end
{%- endmacro %}
