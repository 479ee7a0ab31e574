Console.WriteLine("RevOps AppHost");
