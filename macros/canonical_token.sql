{#-
    One word of a normalized name (macro normalize_text, then macro
    bare_word) as the tolerant matcher compares it, or null when the word
    carries no name:
    - abbreviations and the German, French, Italian, Spanish, Portuguese and
      Dutch forms of the common institution words become one English word
      ("univ", "u", "universitat", "universite" -> "university"; "inst",
      "istituto" -> "institute"; "politecnico" -> "polytechnic"; "lab",
      "laboratoire" -> "laboratory"; "ctr", "centre" -> "center");
    - the common misspellings of those words ("univeristy", "insitute",
      "technolgy") are read as the word, and "calif" as california;
    - function words ("of", "degli", "studi", "fur") and company forms ("inc",
      "ltd", "gmbh") become null, as does any one-letter word.
    The same SQL on DuckDB and Spark: regexp_extract and a case expression.
    Used on both sides, the aliases (int_alias_tokens) and the strings
    (int_affiliation_strings_fuzzy_matched), so both read the same words.
-#}
{% macro canonical_token(expression) -%}
    {%- set synonyms = {
        'university': [
            'u', 'uni', 'univ', 'universitat', 'universitaet', 'universite',
            'universita', 'universidad', 'universidade', 'universiteit',
            'universitet', 'uniwersytet', 'universiti', 'universitas',
            'universitatea', 'univerzita', 'universitetet',
            'univeristy', 'univerisity', 'universiy', 'universtiy',
            'univercity', 'unversity', 'universty', 'univesity', 'uiversity',
            'univrsity', 'univeresity', 'universitiy', 'univerity'
        ],
        'institute': [
            'inst', 'institut', 'istituto', 'instituto', 'instytut',
            'institutet', 'institutes',
            'insitute', 'institue', 'instiute', 'insititute', 'intitute',
            'institure', 'instutute'
        ],
        'technology': [
            'tech', 'technol', 'technologie', 'technologies', 'tecnologia',
            'technologia', 'technik',
            'technolgy', 'techology', 'technoloy', 'tecnology', 'techonology'
        ],
        'national': ['natl', 'nazionale', 'nacional', 'nationale'],
        'department': [
            'dept', 'dep', 'departement', 'departamento', 'dipartimento',
            'departament', 'departments'
        ],
        'laboratory': [
            'lab', 'labs', 'laboratories', 'laboratoire', 'laboratorio',
            'laboratorium', 'labor', 'laboratary', 'labratory', 'laborotory'
        ],
        'science': [
            'sci', 'sciences', 'scienze', 'wissenschaften', 'scince', 'sciense'
        ],
        'engineering': [
            'eng', 'engg', 'engr', 'enginering', 'engeneering', 'engineeering'
        ],
        'center': [
            'ctr', 'cntr', 'centre', 'centro', 'zentrum', 'centers',
            'centres'
        ],
        'polytechnic': [
            'politecnico', 'polytechnique', 'politecnica', 'polytechnical',
            'politechnika', 'politehnica', 'polytech'
        ],
        'academy': ['acad', 'akademie', 'academia', 'accademia', 'akademia'],
        'mathematics': ['math', 'maths', 'mathematik', 'mathematiques'],
        'international': ['intl'],
        'hospital': ['hosp'],
        'research': [
            'forschung', 'recherche', 'ricerca', 'investigacion', 'reserach',
            'reseach', 'resarch'
        ],
        'california': ['calif'],
        'school': ['schools', 'scuola', 'escuela', 'ecole'],
    } -%}
    {%- set stop_tokens = [
        'of', 'the', 'and', 'for', 'in', 'at', 'on', 'an', 'to',
        'de', 'di', 'del', 'della', 'delle', 'dei', 'degli', 'studi', 'des',
        'du', 'la', 'le', 'les', 'da', 'do', 'dos', 'das', 'et', 'und',
        'fur', 'der', 'die', 'den', 'von', 'zu', 'y',
        'inc', 'ltd', 'llc', 'gmbh', 'co', 'corp', 'corporation', 'limited',
        'plc'
    ] -%}
    {#- a simple case on a column: models pass a column computed beforehand,
        as the branches may each re-evaluate an expression -#}
    case {{ expression }}
        {%- for canonical, forms in synonyms.items() %}
        {%- for form in forms %}
        when '{{ form }}' then '{{ canonical }}'
        {%- endfor %}
        {%- endfor %}
        {%- for word in stop_tokens %}
        when '{{ word }}' then null
        {%- endfor %}
        else
            case when length({{ expression }}) >= 2 then {{ expression }} end
    end
{%- endmacro %}
