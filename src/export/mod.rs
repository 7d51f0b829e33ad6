//! What the site exports besides its pages, each from the graph alone: the search index and its
//! static shards (`search`), the data files of the wizard of `/trouver/` (`wizard`), and the
//! directory as open data, vCards and JSON-LD (`opendata`). The `Site` makes each on first use.

pub(crate) mod opendata;
pub mod search;
pub(crate) mod wizard;
