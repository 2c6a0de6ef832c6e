∫¥	Õ!ÙHello, world!
$