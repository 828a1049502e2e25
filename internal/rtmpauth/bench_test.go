package rtmpauth

import "testing"

func BenchmarkParseDescription(b *testing.B) {
	desc := AdobeChallenge{Salt: "c2FsdA", Challenge: "Y2hhbGxlbmdl", Opaque: "b3BhcXVl"}.Description("alice")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDescription(desc, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyAdobe measures the worst case: a wrong response, so every
// candidate is hashed.
func BenchmarkVerifyAdobe(b *testing.B) {
	ch := AdobeChallenge{Salt: katSalt, Challenge: katChallenge, Opaque: katOpaque}
	r := Request{AuthMod: "adobe", User: katUser, Challenge: "AQIDBA==", Response: "wrongwrongwrongwrongwr==", Opaque: katOpaque, HasOpaque: true}
	b.ReportAllocs()
	for b.Loop() {
		if VerifyAdobe(katUser, katPassword, ch, r) == nil {
			b.Fatal("accepted")
		}
	}
}

func BenchmarkDecryptSecureToken(b *testing.B) {
	tok := EncryptSecureToken("a 32-byte secure token plaintext", "#ed%h0#w@1")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecryptSecureToken(tok, "#ed%h0#w@1", Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
