Session ID                  : [0-9]+
=====
Status                      : UP-ACTIVE
IKE Count                   : 1
Child Count                 : 1
IKE SA ID                   : [0-9]+
-----
Local                       : 198\.51\.100\.21/500
Remote                      : 198\.51\.100\.5/500
Status\(Description\)         : READY \(Negotiation done\)
Role                        : (Initiator|Responder)
Encryption/Keysize          : AES-CBC/256
PRF/Hash/DH Group           : SHA256/SHA256/20
Authentication\(Sign/Verify\) : PSK/PSK
Life/Active Time\(sec\)       : 600/[0-9]+
Session ID                  : [0-9]+
Local SPI                   : [0-9A-F]{16}
Remote SPI                  : [0-9A-F]{16}
Local ID                    : 198\.51\.100\.21
Remote ID                   : 198\.51\.100\.5
Child SA
-----
Local Selector              : 0\.0\.0\.0/0 - 255\.255\.255\.255/65535
Remote Selector             : 0\.0\.0\.0/0 - 255\.255\.255\.255/65535
ESP SPI IN/OUT              : 0x[0-9a-f]{8} / 0x[0-9a-f]{8}
Encryption                  : AES-CBC
Keysize                     : 256
ESP HMAC                    : SHA256
