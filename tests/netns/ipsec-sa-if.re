Interface Name        : tunnel-ip1
Interface handle      : 0x[0-9a-f]+
SA id                 : [0-9]+
Mode                  : Tunnel
-----
Inbound SA
SPI                   : 0x[0-9a-f]{8}
Protocol              : ESP
Encrypt Algorithm     : ESP_256_AES
Auth Algorithm        : HMAC_SHA_256
Rekey \(After Seconds\) : [0-9]+
-----
Outbound SA
SPI                   : 0x[0-9a-f]{8}
Protocol              : ESP
Encrypt Algorithm     : ESP_256_AES
Auth Algorithm        : HMAC_SHA_256
Rekey \(After Seconds\) : [0-9]+
