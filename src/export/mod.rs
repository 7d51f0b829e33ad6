//! What the site exports besides its pages, each from the graph alone: the search index and its
//! static shards (`search`), the data files of the wizard of `/trouver/` (`wizard`), and the
//! directory as open data, vCards and JSON-LD (`opendata`). The `Site` makes each on first use.

pub(crate) mod opendata;
pub mod search;
pub(crate) mod wizard;

/// A data file for the site's scripts, as a classic script that registers its data:
/// `bonneporte.donnees("<name>",<json>);` and a newline, where `name` is the file's path in the
/// folder of its export without `.js`. Unlike `fetch()` of JSON, a script loads from disk
/// (`file://`, a USB stick), where `static/donnees.js` waits for it. `json` is kept byte for
/// byte, so that tools can take the prefix and the suffix off and read JSON again. JSON written
/// by `serde_json` is a JavaScript expression (since ES2019, U+2028 and U+2029 too) and the file
/// is not HTML, so no content can end the call early.
pub fn data_script(name: &str, json: &str) -> Vec<u8> {
    let name = serde_json::Value::from(name).to_string();
    format!("bonneporte.donnees({name},{json});\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::data_script;

    #[test]
    fn a_data_script_is_the_json_between_a_prefix_and_a_suffix() {
        let json = serde_json::json!({ "titre": "\");alert(1);//\u{2028}</script>", "n": [1, 2] }).to_string();
        let script = String::from_utf8(data_script("segments/3", &json)).expect("utf-8");
        let inner = script.strip_prefix("bonneporte.donnees(\"segments/3\",").and_then(|s| s.strip_suffix(");\n"));
        assert_eq!(inner, Some(json.as_str()));
        assert_eq!(script.lines().count(), 1);
    }
}
