//! Maps read from JSON refuse a key written twice in one object.
//!
//! JSON allows repeated keys and serde keeps the last value, so `"levels": {"dementia-care": 1,
//! "dementia-care": 4}` would silently become level 4. A repeated key in a document is almost
//! always a copy-and-paste slip whose intended value is unknown, so it is an error instead,
//! reported at the map's path with the key (`duplicate key "dementia-care"`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

/// `deserialize_with` for a `BTreeMap` whose keys must be unique in the JSON object.
pub(crate) fn deserialize<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + Serialize,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(PhantomData<(K, V)>);

    impl<'de, K, V> Visitor<'de> for Unique<K, V>
    where
        K: Deserialize<'de> + Ord + Serialize,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object with unique keys")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut map = BTreeMap::new();
            while let Some(key) = access.next_key::<K>()? {
                let value = access.next_value::<V>()?;
                if map.contains_key(&key) {
                    let shown = serde_json::to_string(&key).unwrap_or_default();
                    return Err(A::Error::custom(format!(
                        "duplicate key {shown}: each key may appear once in an object"
                    )));
                }
                map.insert(key, value);
            }
            Ok(map)
        }
    }

    deserializer.deserialize_map(Unique(PhantomData))
}
